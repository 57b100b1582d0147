// /ready: whether the gateway can plan (a supergraph is loaded) and, for each subgraph named in
// the supergraph, whether it answers right now. A subgraph that is down does not make the gateway
// unready: it still answers everything that does not need that subgraph (partial results), so
// the status is "degraded" with HTTP 200; only a gateway that is stopping answers 503.
import { Kind, parse, type EnumTypeDefinitionNode } from "graphql";

/** A subgraph's state as /ready shows it: no address, since /ready is as public as /graphql. */
export interface SubgraphState {
  state: "up" | "down";
  /** why it is down, without the address */
  reason?: string;
}

/** Subgraph names and URLs, read from the supergraph's `join__Graph` enum. */
export function subgraphsOf(supergraphSdl: string): { name: string; url: string }[] {
  const graphs = parse(supergraphSdl).definitions.find(
    (d): d is EnumTypeDefinitionNode => d.kind === Kind.ENUM_TYPE_DEFINITION && d.name.value === "join__Graph",
  );
  return (graphs?.values ?? []).flatMap((value) => {
    const directive = value.directives?.find((d) => d.name.value === "join__graph");
    const arg = (name: string) => {
      const node = directive?.arguments?.find((a) => a.name.value === name)?.value;
      return node?.kind === Kind.STRING ? node.value : undefined;
    };
    const name = arg("name");
    const url = arg("url");
    return name && url ? [{ name, url }] : [];
  });
}

/** Asks one subgraph's own /ready (beside its /graphql: it checks its database too), with a short time-out. */
async function probe(url: string, timeoutMs: number): Promise<SubgraphState> {
  try {
    const response = await fetch(new URL("ready", url.endsWith("/") ? url : url.replace(/[^/]*$/, "")), { signal: AbortSignal.timeout(timeoutMs) });
    return response.ok ? { state: "up" } : { state: "down", reason: `not ready (HTTP ${response.status})` };
  } catch (error) {
    const name = error instanceof Error ? error.name : "";
    return { state: "down", reason: name === "TimeoutError" ? "no answer in time" : "not reachable" };
  }
}

export async function subgraphStates(supergraphSdl: string, timeoutMs = 2_000): Promise<Record<string, SubgraphState>> {
  const subgraphs = subgraphsOf(supergraphSdl);
  const states = await Promise.all(subgraphs.map(async ({ name, url }) => [name, await probe(url, timeoutMs)] as const));
  return Object.fromEntries(states);
}
