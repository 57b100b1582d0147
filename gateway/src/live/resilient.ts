// What the runtime does not do for a subscription (docs/live-and-screens.md): when the subgraph behind it goes
// away (a restart, a deploy) the runtime completes the client's stream; here the gateway keeps
// the client's stream open and subscribes again (shared-streams.ts) — the subgraph's stream
// starts with the current state, so the screen catches up at once. Clients asking the same
// operation with the same variables and the same rights (role, chapter, grants: all a subgraph
// decides by) share one upstream stream. Each client's stream also ends when its own token
// expires, and a partner's when its grants in force no longer cover it (docs/partners-and-audit.md: revoked,
// narrowed or run out): a token and grants are otherwise checked only when the subscription opens.
import { forbidden, serviceLogger, signInternalIdentity, unauthenticated, type Identity, type PartnerAccess } from "@chapters/core";
import type { GatewayPlugin } from "@graphql-hive/gateway-runtime";
import { print, type DocumentNode } from "graphql";
import { decodeJwt } from "jose";
import { covers, operationNameOf, type PartnerAccessSource } from "../partners.ts";
import { createSharedStreams, isStream, type Result, type Subscribed } from "./shared-streams.ts";
import { SUBGRAPH_IDENTITY_KEY } from "./transport.ts";
import { timerAt, type TimerAt } from "./timer-at.ts";

const log = serviceLogger("gateway.live");

export interface ResilienceOptions {
  subgraphNames: () => string[];
  /** first wait before subscribing again, doubled up to maxRetryMs */
  minRetryMs?: number;
  maxRetryMs?: number;
  /** results kept for a client that reads slowly (older ones dropped: each is a whole state) */
  bufferPerClient?: number;
  /** a partner's grants in force, to end its streams when they no longer cover them */
  partners?: PartnerAccessSource;
}

/** A partner's open stream is re-checked at least this often: the safety net when an
 * announcement of a change is lost (or the gateway runs without a shared bus). */
const GRANTS_RECHECK_MS = 30_000;

/** Re-checks a partner's stream whenever its grants change, one of them ends or starts, and every
 * GRANTS_RECHECK_MS; calls `end` once they no longer cover it. Returns how to stop watching. */
function watchGrants(partners: PartnerAccessSource, identity: Identity, operationName: string | null, opened: PartnerAccess, end: () => void): () => void {
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const schedule = (access: PartnerAccess) => {
    if (timer) clearTimeout(timer);
    const untilChange = access.changesAt ? Math.max(0, Date.parse(access.changesAt) - Date.now()) + 50 : Infinity;
    timer = setTimeout(() => void recheck(), Math.min(GRANTS_RECHECK_MS, untilChange));
  };
  const recheck = async () => {
    const access = await partners.accessOf(identity.subject, identity.chapterCode, true).catch((error: unknown) => {
      // the organization did not answer: keep the stream, and look again shortly
      log.warn({ err: error, subject: identity.subject }, "a partner's grants could not be re-checked");
      if (!stopped) timer = setTimeout(() => void recheck(), 5_000);
      return null;
    });
    if (stopped || !access) return;
    if (covers(access, identity.grants, operationName)) return schedule(access);
    stopped = true;
    end();
  };
  const off = partners.onChange((partnerId) => partnerId === identity.subject && void recheck());
  schedule(opened);
  return () => {
    stopped = true;
    off();
    if (timer) clearTimeout(timer);
  };
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
        const context = args.contextValue as Record<string, unknown> & { identity?: Identity; request?: Request; partnerAccess?: PartnerAccess };
        const identity = context.identity;
        let expiry: TimerAt | null = null;
        let unwatch: (() => void) | null = null;
        const stream = await shared.join(streamKey(args.document, args.operationName, args.variableValues, identity), {
          subscribe: async (again) => {
            if (identity) {
              const names = options.subgraphNames();
              const tokens = await Promise.all(names.map((name) => tokenFor(identity, name, again)));
              context[SUBGRAPH_IDENTITY_KEY] = Object.fromEntries(names.map((name, i) => [name, tokens[i]]));
            }
            return (await subscribeFn(args)) as Subscribed;
          },
          onClose: () => {
            expiry?.clear();
            unwatch?.();
          },
        });
        if (!isStream(stream)) return stream;
        const out = stream as unknown as { push(r: Result): void; end(): void };
        if (identity?.role === "PARTNER" && context.partnerAccess && options.partners) {
          unwatch = watchGrants(options.partners, identity, operationNameOf(args.document, args.operationName), context.partnerAccess, () => {
            log.info({ subject: identity.subject }, "a partner's live stream ended: its grants no longer cover it");
            out.push({ errors: [forbidden("Your partner access was revoked, narrowed or has expired, so this live stream has ended. Ask the chapter that granted it.")] });
            out.end();
          });
        }
        const expiresAt = expiryOf(context.request);
        if (expiresAt !== null) {
          expiry = timerAt(expiresAt, () => {
            log.info({ subject: identity?.subject }, "a live stream ended: its token expired");
            out.push({ errors: [unauthenticated("Your token has expired, so this live stream has ended. Open it again with a new token.")] });
            out.end();
          });
        }
        return stream;
      });
    },
  };
}
