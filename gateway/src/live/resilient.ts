// What the runtime does not do for a subscription (issue 13): when the subgraph behind it goes
// away (a restart, a deploy) the runtime completes the client's stream; here the gateway keeps
// the client's stream open and subscribes again (shared-streams.ts) — the subgraph's stream
// starts with the current state, so the screen catches up at once. Clients asking the same
// operation with the same variables and the same rights (role, chapter, grants: all a subgraph
// decides by) share one upstream stream. Each client's stream also ends when its own token
// expires: a token is otherwise checked only when the subscription opens.
import { serviceLogger, signInternalIdentity, unauthenticated, type Identity } from "@chapters/core";
import type { GatewayPlugin } from "@graphql-hive/gateway-runtime";
import { print, type DocumentNode } from "graphql";
import { decodeJwt } from "jose";
import { createSharedStreams, isStream, type Result, type Subscribed } from "./shared-streams.ts";
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

/** Internal tokens shared by the subscriptions of one caller for half their life (one socket to
 * each subgraph per distinct identity: the runtime opens one per set of connection parameters). */
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

const printed = new WeakMap<DocumentNode, string>();
const textOf = (document: DocumentNode) => printed.get(document) ?? (printed.set(document, print(document)), printed.get(document)!);

/** Subscriptions that may share one upstream stream: same operation, variables and rights. */
function streamKey(document: DocumentNode, operationName: string | null | undefined, variables: unknown, identity: Identity | undefined): string {
  if (!identity) return `unshared:${Math.random()}`;
  return JSON.stringify([textOf(document), operationName ?? null, variables ?? {}, identity.role, identity.chapterCode, [...identity.grants].sort()]);
}

export function useResilientSubscriptions(options: ResilienceOptions): GatewayPlugin {
  const tokenFor = internalTokens();
  const shared = createSharedStreams({
    minRetryMs: options.minRetryMs ?? 250,
    maxRetryMs: options.maxRetryMs ?? 5_000,
    bufferPerClient: options.bufferPerClient ?? 8,
  });

  return {
    onSubscribe({ subscribeFn, setSubscribeFn }) {
      setSubscribeFn(async (args) => {
        const context = args.contextValue as Record<string, unknown> & { identity?: Identity; request?: Request };
        const identity = context.identity;
        let expiry: NodeJS.Timeout | null = null;
        const stream = await shared.join(streamKey(args.document, args.operationName, args.variableValues, identity), {
          subscribe: async (again) => {
            if (identity) {
              const names = options.subgraphNames();
              const tokens = await Promise.all(names.map((name) => tokenFor(identity, name, again)));
              context[SUBGRAPH_IDENTITY_KEY] = Object.fromEntries(names.map((name, i) => [name, tokens[i]]));
            }
            return (await subscribeFn(args)) as Subscribed;
          },
          onClose: () => expiry && clearTimeout(expiry),
        });
        if (!isStream(stream)) return stream;
        const expiresAt = expiryOf(context.request);
        if (expiresAt !== null) {
          const out = stream as unknown as { push(r: Result): void; end(): void };
          expiry = setTimeout(() => {
            log.info({ subject: identity?.subject }, "a live stream ended: its token expired");
            out.push({ errors: [unauthenticated("Your token has expired, so this live stream has ended. Open it again with a new token.")] });
            out.end();
          }, Math.max(0, expiresAt - Date.now()));
        }
        return stream;
      });
    },
  };
}
