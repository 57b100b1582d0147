// A partner's grants, applied at the gateway (docs/partners-and-audit.md). A PARTNER token names the partner (its
// sub) and a chapter; what the partner may read comes from the organization's data: the grants in
// force for (partner, chapter) today, asked of the organization subgraph with a SERVICE identity.
// Concurrent requests of one partner share one lookup, and its answer is kept a few seconds
// (never past the moment a grant ends or starts); a grant change announced on the bus drops it at
// once, so a revocation takes effect on the partner's next request, and listeners (the live
// streams) re-check.
import { PARTNER_GRANTS_CHANGED_TOPIC, serviceLogger, serviceUnavailable, signInternalIdentity, type PartnerAccess, type PubSub } from "@chapters/core";
import type { GatewayPlugin } from "@graphql-hive/gateway-runtime";
import { getOperationAST, GraphQLError, type DocumentNode } from "graphql";
import { LRUCache } from "lru-cache";
import { GatewayErrorCode } from "./errors.ts";

const log = serviceLogger("gateway.partners");

/** How long a partner's grants in force are reused without a change announced. */
export const PARTNER_ACCESS_REUSE_MS = 5_000;

const ACCESS_QUERY = `query PartnerAccess($p: ID!, $c: String!) { partnerAccess(partnerId: $p, chapterCode: $c) { scopes operations changesAt } }`;

export interface PartnerAccessSource {
  /** the grants in force now for this partner in this chapter's slice (`fresh`: not from the cache) */
  accessOf(partnerId: string, chapterCode: string, fresh?: boolean): Promise<PartnerAccess>;
  /** called with the partner's id after its grants changed (and its cached answers were dropped) */
  onChange(listener: (partnerId: string) => void): () => void;
  close(): Promise<void>;
}

async function ask(organizationUrl: string, partnerId: string, chapterCode: string): Promise<PartnerAccess> {
  const identity = await signInternalIdentity({ subject: "gateway", chapterCode: "TW", role: "SERVICE", grants: [] }, "organization");
  let body: { data?: { partnerAccess: PartnerAccess }; errors?: { message: string }[] };
  try {
    const response = await fetch(organizationUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "x-chapters-identity": identity },
      body: JSON.stringify({ query: ACCESS_QUERY, variables: { p: partnerId, c: chapterCode } }),
      signal: AbortSignal.timeout(10_000),
    });
    body = (await response.json()) as typeof body;
  } catch (error) {
    throw serviceUnavailable(`Your grants could not be looked up (the organization service did not answer: ${(error as Error).message}); try again shortly.`);
  }
  if (!body.data?.partnerAccess) throw serviceUnavailable(`Your grants could not be looked up (${body.errors?.map((e) => e.message).join("; ") ?? "no answer"}); try again shortly.`);
  return body.data.partnerAccess;
}

export async function partnerAccessSource(options: { organizationUrl: () => string | undefined; pubsub?: PubSub }): Promise<PartnerAccessSource> {
  const cache = new LRUCache<string, Promise<PartnerAccess>>({ max: 10_000 });
  const listeners = new Set<(partnerId: string) => void>();
  const keyOf = (partnerId: string, chapterCode: string) => `${partnerId}|${chapterCode}`;
  const unsubscribe = await options.pubsub?.subscribe(PARTNER_GRANTS_CHANGED_TOPIC, (payload) => {
    const partnerId = (payload as { partnerId?: unknown })?.partnerId;
    if (typeof partnerId !== "string") return;
    for (const key of [...cache.keys()]) if (key.startsWith(`${partnerId}|`)) cache.delete(key);
    for (const listener of listeners) listener(partnerId);
  });

  const lookUp = (partnerId: string, chapterCode: string): Promise<PartnerAccess> => {
    const url = options.organizationUrl();
    if (!url) return Promise.reject(serviceUnavailable("Your grants could not be looked up: the organization service is not part of the graph."));
    const key = keyOf(partnerId, chapterCode);
    const answer = ask(url, partnerId, chapterCode);
    cache.set(key, answer, { ttl: PARTNER_ACCESS_REUSE_MS });
    answer.then(
      (access) => {
        const until = access.changesAt ? Date.parse(access.changesAt) - Date.now() : Infinity;
        if (cache.get(key) === answer && until < PARTNER_ACCESS_REUSE_MS) cache.set(key, answer, { ttl: Math.max(1, until) });
      },
      () => cache.get(key) === answer && cache.delete(key),
    );
    return answer;
  };

  return {
    accessOf: (partnerId, chapterCode, fresh = false) => (!fresh && cache.get(keyOf(partnerId, chapterCode))) || lookUp(partnerId, chapterCode),
    onChange(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      await unsubscribe?.().catch((error: unknown) => log.warn({ err: error }, "could not leave the grants channel"));
    },
  };
}

/** Whether `access` still covers what a request or stream was allowed with. */
export function covers(access: PartnerAccess, scopes: readonly string[], operationName: string | null | undefined): boolean {
  if (!access.scopes.length) return false;
  if (!scopes.every((s) => access.scopes.includes(s))) return false;
  return access.operations === null || (operationName != null && access.operations.includes(operationName));
}

/** What the gateway adds to a partner request's context: the grants it was allowed with. */
export interface PartnerContext {
  partnerAccess?: PartnerAccess;
}

export const operationNameOf = (document: DocumentNode, operationName?: string | null) =>
  getOperationAST(document, operationName ?? undefined)?.name?.value ?? null;

function notGranted(operationName: string | null, access: PartnerAccess) {
  return new GraphQLError(
    `Your grants do not list the operation ${operationName ?? "(unnamed)"}: they allow ${access.operations?.join(", ") || "no operation"}. Ask the chapter that granted your access to add it.`,
    { extensions: { code: GatewayErrorCode.OPERATION_NOT_GRANTED, http: { status: 403 } } },
  );
}

/** Partners run only the registered operations their grants in force list ("registered operations only" in docs/partners-and-audit.md);
 * which operations are registered at all is trusted-documents.ts's check, before this one. */
export function usePartnerOperations(): GatewayPlugin {
  const check = (args: { contextValue: unknown; document: DocumentNode; operationName?: string | null }) => {
    const access = (args.contextValue as PartnerContext).partnerAccess;
    if (!access || access.operations === null) return null;
    const name = operationNameOf(args.document, args.operationName);
    return name && access.operations.includes(name) ? null : notGranted(name, access);
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const refused = check(args);
      if (refused) setResultAndStopExecution({ errors: [refused] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const refused = check(args);
      if (refused) setResultAndStopExecution({ errors: [refused] });
    },
  };
}
