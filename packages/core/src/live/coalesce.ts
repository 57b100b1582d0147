// Coalescing bursts (EM-LIVE; docs/live-and-screens.md): a thousand donations in a second must not become a thousand
// frames on every screen. The first change after a quiet spell is flushed at once (a screen
// reacts immediately); changes during the interval after a flush are folded into one trailing
// flush, which always runs — so the last figure of a burst is never lost.
import { serviceLogger } from "../logger.ts";

const log = serviceLogger("live");

export interface Coalescer {
  /** something changed: flush soon (at once if nothing was flushed within the interval) */
  poke(): void;
  stop(): void;
}

export function createCoalescer(intervalMs: number, flush: () => Promise<void>): Coalescer {
  let dirty = false;
  let running = false;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let lastStart = -Infinity;

  const schedule = () => {
    if (stopped || running || timer) return;
    const wait = Math.max(0, lastStart + intervalMs - Date.now());
    timer = setTimeout(run, wait);
  };
  const run = async () => {
    timer = null;
    if (!dirty || stopped) return;
    dirty = false;
    running = true;
    lastStart = Date.now();
    try {
      await flush();
    } catch (error) {
      // a failed read is retried by the next change; the stream itself stays open
      log.warn({ err: error }, "a live figure could not be read");
    } finally {
      running = false;
    }
    if (dirty) schedule();
  };
  return {
    poke() {
      dirty = true;
      schedule();
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
