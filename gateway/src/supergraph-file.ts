// For operators who compose in their own pipeline: the supergraph SDL comes from a file
// (SUPERGRAPH_PATH), subgraph URLs from inside it. A changed file is read, checked, and handed
// to the runtime, which plans new requests on it while requests already in flight finish on the
// previous one (the runtime's graceful schema reload). A broken file is logged and ignored.
import { watch } from "node:fs";
import { readFile } from "node:fs/promises";
import { serviceLogger } from "@chapters/core";
import { parse } from "graphql";
import { SupergraphError } from "./compose.ts";

const log = serviceLogger("gateway");

export interface SupergraphSource {
  /** the SDL to plan with now */
  current(): string;
  /** called after a new, parseable SDL has replaced the current one */
  onChange(listener: () => void): void;
  close(): void;
}

/** A supergraph that never changes (composed in-process at start). */
export function fixedSupergraph(sdl: string): SupergraphSource {
  return { current: () => sdl, onChange: () => undefined, close: () => undefined };
}

export async function supergraphFromFile(path: string): Promise<SupergraphSource> {
  let current: string;
  try {
    current = await readFile(path, "utf8");
    parse(current);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : error instanceof Error ? error.message : String(error);
    throw new SupergraphError(`SUPERGRAPH_PATH=${path} cannot be used: ${reason.replace(/\.+$/, "")}. Point it at a supergraph composed from the subgraphs.`);
  }
  const listeners: (() => void)[] = [];
  let pending: NodeJS.Timeout | null = null;
  const reload = async () => {
    try {
      const next = await readFile(path, "utf8");
      if (next === current || next.trim() === "") return;
      parse(next);
      current = next;
      for (const listener of listeners) listener();
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
    current: () => current,
    onChange: (listener) => void listeners.push(listener),
    close() {
      if (pending) clearTimeout(pending);
      watcher.close();
    },
  };
}
