// For operators who compose in their own pipeline: the supergraph SDL comes from a file
// (SUPERGRAPH_PATH), subgraph URLs from inside it, and a changed file is loaded without
// dropping requests in flight (the gateway swaps schemas between requests).
import { watch } from "node:fs";
import { readFile } from "node:fs/promises";
import type { SupergraphSdlHook } from "@apollo/gateway";
import { serviceLogger } from "@chapters/core";

const log = serviceLogger("gateway");

export function supergraphFromFile(path: string): SupergraphSdlHook {
  return async ({ update, healthCheck }) => {
    const initial = await readFile(path, "utf8");
    let last = initial;
    let pending: NodeJS.Timeout | null = null;
    const reload = async () => {
      try {
        const next = await readFile(path, "utf8");
        if (next === last || next.trim() === "") return;
        await healthCheck(next).catch((error: unknown) => log.warn({ err: error }, "subgraphs of the new supergraph are not all healthy"));
        update(next);
        last = next;
        log.info({ path }, "supergraph reloaded");
      } catch (error) {
        log.error({ err: error, path }, "the new supergraph file was not loaded; still serving the previous one");
      }
    };
    const watcher = watch(path, () => {
      // editors write in several steps: wait for the file to settle
      if (pending) clearTimeout(pending);
      pending = setTimeout(() => void reload(), 150);
    });
    return {
      supergraphSdl: initial,
      cleanup: async () => {
        if (pending) clearTimeout(pending);
        watcher.close();
      },
    };
  };
}
