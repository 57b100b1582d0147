// How the gateway reaches subgraphs: queries over HTTP without in-flight sharing (below), and
// subscriptions over graphql-ws on each subgraph's own /graphql, carrying the identity signed for
// that subgraph in the connection parameters (an upgrade request has no per-subscription headers).
// The runtime fills the `{context.…}` templates from each subscription's context (see
// resilient.ts, which puts the tokens there).
import { INTERNAL_IDENTITY_HEADER } from "@chapters/core";

/** Where a subscription's per-subgraph tokens live in the runtime's context. */
export const SUBGRAPH_IDENTITY_KEY = "subgraphIdentity";

/** The subgraph names a supergraph joins (its join__Graph enum). */
export function subgraphNamesOf(supergraphSdl: string): string[] {
  return [...supergraphSdl.matchAll(/@join__graph\(\s*name:\s*"([^"]+)"/g)].map((m) => m[1]!);
}

export function liveTransportEntries(subgraphNames: string[]) {
  return Object.fromEntries(
    subgraphNames.map((name) => [
      name,
      {
        options: {
          // No sharing of identical queries in flight: the executor keys it on the caller's
          // headers (each caller's signed identity), so with many callers nothing is ever shared,
          // while every answer is still deep-copied (structuredClone) in case it were — for a
          // province dashboard, a copy of each subgraph's ~50 KB answer per request
          // (docs/benchmarks.md, "Many callers").
          deduplicateInflightRequests: false,
          subscriptions: {
            kind: "ws",
            location: "/graphql",
            options: { connectionParams: { [INTERNAL_IDENTITY_HEADER]: `{context.${SUBGRAPH_IDENTITY_KEY}.${name}}` } },
          },
        },
      },
    ]),
  );
}
