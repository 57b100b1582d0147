// The runtime remembers parsed documents by their exact text and validation results by the parsed
// document: a caller changing a comment or a space each time would make every request a new
// document, validated again. Documents are made one here by their normalised text (graphql's
// print: no comments, canonical spacing), so each distinct operation is validated once whatever
// its spelling. Bounded: the least recently used are forgotten.
import type { GatewayPlugin } from "@graphql-hive/gateway-runtime";
import { print, type DocumentNode } from "graphql";
import { LRUCache } from "lru-cache";

export function useNormalisedDocuments(max = 1_000): GatewayPlugin {
  const byText = new LRUCache<string, DocumentNode>({ max });
  const canonical = new WeakSet<DocumentNode>();
  return {
    onParse() {
      return ({ result, replaceParseResult }) => {
        if (!result || result instanceof Error || canonical.has(result as DocumentNode)) return;
        const text = print(result as DocumentNode);
        const known = byText.get(text);
        if (known) return replaceParseResult(known);
        byText.set(text, result as DocumentNode);
        canonical.add(result as DocumentNode);
      };
    },
  };
}
