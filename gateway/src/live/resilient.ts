// What the runtime does not do for a subscription (issue 13): when the subgraph behind it goes
// away (a restart, a deploy) the runtime completes the client's stream; here the gateway keeps
// the client's stream open and subscribes again, with backoff — the subgraph's stream starts
// with the current state, so the screen catches up at once. It also ends the stream when the
// caller's token expires (a token is otherwise checked only when the subscription opens), and
// puts a bounded queue between the subgraph and a slow client.
import { createBoundedStream, ErrorCode, serviceLogger, signInternalIdentity, unauthenticated, type Identity } from "@chapters/core";
import type { GatewayPlugin } from "@graphql-hive/gateway-runtime";
import { GraphQLError } from "graphql";
import { decodeJwt } from "jose";
import { SUBGRAPH_IDENTITY_KEY } from "./transport.ts";

const log = serviceLogger("gateway.live");

export interface ResilienceOptions {
  subgraphNames: () => string[];
  /** first wait before subscribing again, doubled up to maxRetryMs */
  minRetryMs?: number;
  maxRetryMs?: number;
  /** results kept for a client that reads slowly (older ones dropped: each is a whole state) */
  bufferPerClient?: number;
}

interface Result {
  data?: unknown;
  errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}
const failure = (message: string): Result => ({ errors: [new GraphQLError(message)] });
type Subscribed = AsyncIterable<Result> | Result;

const isStream = (value: unknown): value is AsyncIterable<Result> => typeof value === "object" && value !== null && Symbol.asyncIterator in value;
const STABLE_CODES = new Set<string>(Object.values(ErrorCode));

/** A result with no data whose errors carry one of our codes: the subgraph refused (FORBIDDEN,
 * NOT_FOUND…), a final answer. One with no data and no such code: the subgraph was lost. */
function kindOf(result: Result): "event" | "refused" | "lost" {
  if (result.data != null || !result.errors?.length) return "event";
  return result.errors.some((e) => STABLE_CODES.has(String(e.extensions?.code))) ? "refused" : "lost";
}

/** Internal tokens shared by the subscriptions of one caller for half their life, so they share
 * one socket to each subgraph (the runtime opens one per distinct set of connection parameters). */
function internalTokens() {
  const cache = new Map<string, { token: Promise<string>; at: number }>();
  return (identity: Identity, subgraph: string, fresh: boolean): Promise<string> => {
    const key = JSON.stringify([identity.subject, identity.chapterCode, identity.role, identity.grants, subgraph]);
    const hit = cache.get(key);
    if (!fresh && hit && Date.now() - hit.at < 30_000) return hit.token;
    const token = signInternalIdentity(identity, subgraph);
    cache.set(key, { token, at: Date.now() });
    if (cache.size > 50_000) cache.delete(cache.keys().next().value!);
    return token;
  };
}

function expiryOf(request: Request | undefined): number | null {
  const header = request?.headers.get("authorization") ?? "";
  const token = /^Bearer\s+(.+)$/i.exec(header.trim())?.[1];
  if (!token) return null;
  try {
    const { exp } = decodeJwt(token); // already verified when the context was built
    return typeof exp === "number" ? exp * 1000 : null;
  } catch {
    return null;
  }
}

export function useResilientSubscriptions(options: ResilienceOptions): GatewayPlugin {
  const tokenFor = internalTokens();
  const minRetry = options.minRetryMs ?? 250;
  const maxRetry = options.maxRetryMs ?? 5_000;
  const capacity = options.bufferPerClient ?? 8;

  return {
    onSubscribe({ subscribeFn, setSubscribeFn }) {
      setSubscribeFn(async (args) => {
        const context = args.contextValue as Record<string, unknown> & { identity?: Identity; request?: Request };
        const sign = async (fresh: boolean) => {
          const identity = context.identity;
          if (!identity) return;
          const names = options.subgraphNames();
          const tokens = await Promise.all(names.map((name) => tokenFor(identity, name, fresh)));
          context[SUBGRAPH_IDENTITY_KEY] = Object.fromEntries(names.map((name, i) => [name, tokens[i]]));
        };
        await sign(false);
        const first = (await subscribeFn(args)) as Subscribed;
        if (!isStream(first)) return first;
        return keepAlive(first, {
          resubscribe: async () => {
            await sign(true);
            return (await subscribeFn(args)) as Subscribed;
          },
          expiresAt: expiryOf(context.request),
          minRetry,
          maxRetry,
          capacity,
        });
      });
    },
  };
}

function keepAlive(
  first: AsyncIterable<Result>,
  o: { resubscribe: () => Promise<Subscribed>; expiresAt: number | null; minRetry: number; maxRetry: number; capacity: number },
): AsyncIterableIterator<Result> {
  let upstream: AsyncIterator<Result> = first[Symbol.asyncIterator]();
  let stopped = false;
  let wake: (() => void) | null = null;
  const timers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => (timers.delete(timer), (wake = null), resolve()), ms);
      timers.add(timer);
      wake = () => (clearTimeout(timer), timers.delete(timer), resolve());
    });
  const stop = () => {
    if (stopped) return;
    stopped = true;
    for (const timer of timers) clearTimeout(timer);
    wake?.();
    void Promise.resolve(upstream.return?.()).catch(() => undefined);
  };
  const out = createBoundedStream<Result>(o.capacity, stop);

  if (o.expiresAt !== null) {
    const timer = setTimeout(() => {
      const error = unauthenticated("Your token has expired, so this live stream has ended. Open it again with a new token.");
      out.push({ errors: [error] });
      out.end();
    }, Math.max(0, o.expiresAt - Date.now()));
    timers.add(timer);
  }

  const pump = async () => {
    let delay = o.minRetry;
    while (!stopped) {
      let item: IteratorResult<Result>;
      try {
        item = await upstream.next();
      } catch (error) {
        item = { done: false, value: failure(String((error as Error)?.message ?? error)) };
      }
      if (stopped) return;
      const kind = item.done ? "lost" : kindOf(item.value);
      if (kind === "event") {
        out.push(item.value);
        delay = o.minRetry;
        continue;
      }
      if (kind === "refused") {
        out.push(item.value);
        return out.end();
      }
      log.warn({ reason: item.done ? "completed" : item.value.errors?.[0]?.message }, "a subgraph stream was lost: subscribing again");
      void Promise.resolve(upstream.return?.()).catch(() => undefined);
      // subscribe again until the subgraph answers; a refusal now (the drive was deleted, the
      // grant withdrawn) is final
      for (;;) {
        // jittered: the thousands of screens that lost the same subgraph do not all return at once
        await sleep(delay * (0.5 + Math.random()));
        delay = Math.min(delay * 2, o.maxRetry);
        if (stopped) return;
        const again = await o.resubscribe().catch((error: unknown) => failure(String(error)));
        if (stopped) {
          if (isStream(again)) void again[Symbol.asyncIterator]().return?.();
          return;
        }
        if (isStream(again)) {
          upstream = again[Symbol.asyncIterator]();
          break;
        }
        if (kindOf(again) === "refused") {
          out.push(again);
          return out.end();
        }
      }
    }
  };
  void pump();
  return out;
}
