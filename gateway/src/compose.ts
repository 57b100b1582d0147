// Composes the supergraph in-process from the running subgraphs' SDL (@apollo/composition;
// no external binary). A composition error stops start-up with every problem spelled out.
import { composeServices } from "@apollo/composition";
import { parse } from "graphql";

export interface SubgraphEndpoint {
  name: string;
  url: string;
}

export class CompositionError extends Error {}

/** A supergraph the gateway cannot start with (a SUPERGRAPH_PATH that is missing or not a
 * supergraph): reported like a composition error, as one readable message. */
export class SupergraphError extends CompositionError {}

async function fetchSdl(endpoint: SubgraphEndpoint, attempts = 30): Promise<string> {
  let lastError: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      const response = await fetch(endpoint.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ _service { sdl } }" }),
      });
      const body = (await response.json()) as { data?: { _service?: { sdl?: string } }; errors?: { message: string }[] };
      const sdl = body.data?._service?.sdl;
      if (sdl) return sdl;
      lastError = new Error(body.errors?.map((e) => e.message).join("; ") ?? `HTTP ${response.status}`);
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new CompositionError(`Could not read the schema of subgraph "${endpoint.name}" at ${endpoint.url}: ${String(lastError)}`);
}

export async function composeSupergraph(endpoints: SubgraphEndpoint[]): Promise<string> {
  const services = await Promise.all(
    endpoints.map(async (e) => ({ name: e.name, url: e.url, typeDefs: parse(await fetchSdl(e)) })),
  );
  const result = composeServices(services);
  if (result.errors) {
    const lines = result.errors.map((e) => `  - ${e.message}`).join("\n");
    throw new CompositionError(`The subgraphs do not compose into one supergraph:\n${lines}`);
  }
  return result.supergraphSdl;
}
