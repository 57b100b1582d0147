// Fragment fan-out: a document of a few hundred bytes can name a fragment that spreads another
// thirty times, and so on — four levels of thirty spreads into `me { role }` is 810 000 fields to
// validate and run, while its depth, tokens and aliases are all small. The fields a document
// stands for are counted here with every fragment expanded (each fragment counted once and
// remembered, so counting is linear in the document's size), right after parsing: past the limit
// the operation is refused with QUERY_TOO_COMPLEX (limit "fields") before validation or
// execution, which is where that work would be spent.
import type { GatewayPlugin } from "@graphql-hive/gateway-runtime";
import { Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from "graphql";
import { tooComplex } from "./limits.ts";

/** Fields a document stands for: every operation's and every fragment's selection, expanded
 * (validation walks fragments on their own too). A fragment cycle counts as nothing here:
 * validation refuses it. */
export function expandedFieldCount(document: DocumentNode, stopAbove = Number.MAX_SAFE_INTEGER): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const counted = new Map<string, number>();
  const counting = new Set<string>();
  const fragmentFields = (name: string): number => {
    const known = counted.get(name);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    if (!fragment || counting.has(name)) return 0;
    counting.add(name);
    const count = selectionFields(fragment.selectionSet);
    counting.delete(name);
    counted.set(name, count);
    return count;
  };
  const selectionFields = (set: SelectionSetNode | undefined): number => {
    let count = 0;
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) count += 1 + selectionFields(selection.selectionSet);
      else if (selection.kind === Kind.INLINE_FRAGMENT) count += selectionFields(selection.selectionSet);
      else count += fragmentFields(selection.name.value);
      // numbers far past any limit stay exact enough to compare, and stop growing
      if (count > stopAbove) return count;
    }
    return count;
  };
  let total = 0;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION || definition.kind === Kind.FRAGMENT_DEFINITION) total += selectionFields(definition.selectionSet);
    if (total > stopAbove) break;
  }
  return total;
}

export function useExpandedFieldLimit(maxFields: number): GatewayPlugin {
  const checked = new WeakSet<DocumentNode>();
  return {
    onParse() {
      return ({ result }) => {
        if (!result || result instanceof Error || checked.has(result as DocumentNode)) return;
        const fields = expandedFieldCount(result as DocumentNode, maxFields);
        if (fields > maxFields) {
          throw tooComplex(
            "fields",
            `The operation asks for more than ${maxFields.toLocaleString("en")} fields once its fragments are expanded (each spread of a fragment counts all of its fields). Spread fewer fragments, or split the operation.`,
          );
        }
        checked.add(result as DocumentNode);
      };
    },
  };
}
