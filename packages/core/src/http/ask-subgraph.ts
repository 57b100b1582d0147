// A subgraph asking another subgraph directly (not through the gateway), as the caller: the
// request carries an internal identity signed like the gateway's (audience = the subgraph asked),
// so the owner applies the caller's own slice and grants. Used where a write in one subgraph has
// a step another owns (humanitarian's chapter-fund gifts write a line in organization's ledger).
import { signInternalIdentity, type Identity } from "../auth/identity.ts";

export interface SubgraphAnswer<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** Sends one GraphQL operation; throws only when the subgraph could not be reached or answered no JSON. */
export async function askSubgraph<T>(url: string, subgraph: string, identity: Identity, query: string, variables: Record<string, unknown>): Promise<SubgraphAnswer<T>> {
  const token = await signInternalIdentity(identity, subgraph);
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-chapters-identity": token },
    body: JSON.stringify({ query, variables }, (_key, value) => (typeof value === "bigint" ? value.toString() : value)),
    signal: AbortSignal.timeout(15_000),
  });
  return (await response.json()) as SubgraphAnswer<T>;
}
