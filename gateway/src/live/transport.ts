// How the gateway reaches subgraphs' subscriptions: over graphql-ws on each subgraph's own
// /graphql, carrying the identity signed for that subgraph in the connection parameters (an
// upgrade request has no per-subscription headers). The runtime fills the `{context.…}`
// templates from each subscription's context (see resilient.ts, which puts the tokens there).
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
