// The gateway alone, for deployments where subgraphs run as their own services:
//   SUBGRAPHS="organization=http://org:4001/graphql,blood=http://blood:4003/graphql"  (composed at start)
//   or SUPERGRAPH_PATH=/etc/chapters/supergraph.graphql                                  (composed elsewhere; reloaded on change)
import { startTracing, stopTracing } from "@chapters/core";
import { startGateway } from "./server.ts";
import { exitOnStartupError, exitWithoutProductionSecrets } from "./startup-errors.ts";

exitWithoutProductionSecrets("The gateway");

const subgraphs = (process.env.SUBGRAPHS ?? "")
  .split(",")
  .filter(Boolean)
  .map((pair) => {
    const [name, url] = pair.split("=");
    if (!name || !url) throw new Error(`SUBGRAPHS entries look like name=url; got "${pair}"`);
    return { name: name.trim(), url: url.trim() };
  });

// traces over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set (docs/tracing.md)
startTracing({ service: "gateway" });
const gateway = await startGateway({
  port: Number(process.env.PORT ?? 4000),
  host: process.env.HOST ?? "127.0.0.1",
  supergraphPath: process.env.SUPERGRAPH_PATH,
  subgraphs,
}).catch(exitOnStartupError);
console.log(`gateway ready at ${gateway.url}`);
const shutdown = async () => {
  await gateway.stop();
  await stopTracing();
  process.exit(0);
};
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);
