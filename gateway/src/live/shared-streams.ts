// One upstream subscription per distinct live stream at the gateway (docs/live-and-screens.md, "Shared at the gateway"): the screens of a
// hall — and every dashboard asking the same thing with the same rights — share one subscription
// to the subgraph and one execution of the query plan per event, fanned out to each client's
// bounded queue. Without it, every client costs its own subgraph subscription and its own entity
// fetches on every event (measured: p99 36 s with 10,000 screens). The shared stream also keeps
// itself alive: when the subgraph is lost it subscribes again, with jittered backoff, and the
// new stream's first event (the current state) reaches every client.
import { createBoundedStream, ErrorCode, serviceLogger, type BoundedStream } from "@chapters/core";
import { GraphQLError } from "graphql";

const log = serviceLogger("gateway.live");

export interface Result {
  data?: unknown;
  errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}
export type Subscribed = AsyncIterable<Result> | Result;

export const isStream = (value: unknown): value is AsyncIterable<Result> => typeof value === "object" && value !== null && Symbol.asyncIterator in value;
const STABLE_CODES = new Set<string>(Object.values(ErrorCode));
const failure = (message: string): Result => ({ errors: [new GraphQLError(message)] });

/** A result with no data whose errors carry one of our codes: the subgraph refused (FORBIDDEN,
 * NOT_FOUND…), a final answer. One with no data and no such code: the subgraph was lost. */
export function kindOf(result: Result): "event" | "refused" | "lost" {
  if (!result.errors?.length) return "event";
  // `{ bloodDriveProgress: null }` with errors is no state: the executor nulled the root field
  // because the subgraph could not be reached (DOWNSTREAM_SERVICE_ERROR) — lost, not an event
  // to show every screen (live-resilience.test.ts saw it arrive while blood restarted)
  if (result.data != null && Object.values(result.data as Record<string, unknown>).some((value) => value != null)) return "event";
  return result.errors.some((e) => STABLE_CODES.has(String(e.extensions?.code))) ? "refused" : "lost";
}

export interface StreamClient {
  /** subscribes upstream with this client's request and context (`again`: after a loss, with
   * freshly signed identity tokens) */
  subscribe(again: boolean): Promise<Subscribed>;
  /** called once the client's queue is closed (it left, or its stream ended) */
  onClose?(): void;
}

interface Shared {
  clients: Map<BoundedStream<Result>, StreamClient>;
  latest: Result | null;
  upstream: AsyncIterator<Result> | null;
  ready: Promise<Result | null>;
  stopped: boolean;
  wake: (() => void) | null;
}

export interface SharedStreamOptions {
  minRetryMs: number;
  maxRetryMs: number;
  /** results kept for a client that reads slowly (older ones dropped: each is a whole state) */
  bufferPerClient: number;
}

export function createSharedStreams(options: SharedStreamOptions) {
  const streams = new Map<string, Shared>();

  function stop(key: string, shared: Shared) {
    if (shared.stopped) return;
    shared.stopped = true;
    if (streams.get(key) === shared) streams.delete(key);
    shared.wake?.();
    void Promise.resolve(shared.upstream?.return?.()).catch(() => undefined);
  }

  function broadcast(shared: Shared, result: Result, end: boolean) {
    for (const out of [...shared.clients.keys()]) {
      out.push(result);
      if (end) out.end();
    }
  }

  const sleep = (shared: Shared, ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => ((shared.wake = null), resolve()), ms);
      shared.wake = () => (clearTimeout(timer), resolve());
    });

  async function pump(key: string, shared: Shared) {
    let delay = options.minRetryMs;
    while (!shared.stopped) {
      let item: IteratorResult<Result>;
      try {
        item = await shared.upstream!.next();
      } catch (error) {
        item = { done: false, value: failure(String((error as Error)?.message ?? error)) };
      }
      if (shared.stopped) return;
      const kind = item.done ? "lost" : kindOf(item.value);
      if (kind === "event") {
        shared.latest = item.value;
        broadcast(shared, item.value, false);
        delay = options.minRetryMs;
        continue;
      }
      if (kind === "refused") {
        broadcast(shared, item.value, true);
        return stop(key, shared);
      }
      log.warn({ reason: item.done ? "completed" : item.value.errors?.[0]?.message }, "a subgraph stream was lost: subscribing again");
      void Promise.resolve(shared.upstream!.return?.()).catch(() => undefined);
      // subscribe again until the subgraph answers, as the most recent client; a refusal now
      // (the drive was deleted, the grant withdrawn) is final
      for (;;) {
        // jittered: the many streams that lost the same subgraph do not all return at once
        await sleep(shared, delay * (0.5 + Math.random()));
        delay = Math.min(delay * 2, options.maxRetryMs);
        const client = [...shared.clients.values()].at(-1);
        if (shared.stopped || !client) return;
        const again = await client.subscribe(true).catch((error: unknown) => failure(String(error)));
        if (shared.stopped) {
          if (isStream(again)) void again[Symbol.asyncIterator]().return?.();
          return;
        }
        if (isStream(again)) {
          shared.upstream = again[Symbol.asyncIterator]();
          break;
        }
        if (kindOf(again) === "refused") {
          broadcast(shared, again, true);
          return stop(key, shared);
        }
      }
    }
  }

  return {
    /** The client's stream of results: the latest state at once when the stream is already
     * running, then every event; or the refusal when the subgraph refused to subscribe. */
    async join(key: string, client: StreamClient): Promise<Subscribed> {
      for (;;) {
        let shared = streams.get(key);
        if (!shared) {
          const created: Shared = { clients: new Map(), latest: null, upstream: null, ready: Promise.resolve(null), stopped: false, wake: null };
          created.ready = (async () => {
            const first = await client.subscribe(false).catch((error: unknown) => {
              stop(key, created);
              throw error;
            });
            if (!isStream(first)) {
              stop(key, created);
              return first;
            }
            created.upstream = first[Symbol.asyncIterator]();
            void pump(key, created);
            return null;
          })();
          streams.set(key, created);
          shared = created;
        }
        const refused = await shared.ready;
        if (refused) return refused;
        if (shared.stopped) continue; // it ended while this client waited: start another
        const target = shared;
        const out: BoundedStream<Result> = createBoundedStream<Result>(options.bufferPerClient, () => {
          target.clients.delete(out);
          client.onClose?.();
          if (target.clients.size === 0) stop(key, target);
        });
        target.clients.set(out, client);
        if (target.latest) out.push(target.latest);
        return out;
      }
    },
    /** distinct upstream streams open (for tests and metrics) */
    size: () => streams.size,
  };
}

export type SharedStreams = ReturnType<typeof createSharedStreams>;
