// `npm start`: the gateway and every subgraph on an embedded PostgreSQL under ./.data unless
// DATABASE_URL (or DATABASE_URL_<SUBGRAPH>) is set. In development it loads the demo data and
// prints (and prefills in the explorer) an officer's token; with NODE_ENV=production it does
// neither — a token signed with production's secret would be a working credential for whoever
// reads the console or opens /graphql — and it refuses to start without its secrets.
import { signDevUserToken, startTracing, stopTracing } from "@chapters/core";
import { exitOnStartupError, exitWithoutProductionSecrets } from "./startup-errors.ts";
import { databaseUrlsFromEnv, defaultDataDir, startStack } from "./stack.ts";

const production = process.env.NODE_ENV === "production";
exitWithoutProductionSecrets("Chapters");

// every service in this one process: one service name in the traces (docs/tracing.md)
startTracing({ service: "chapters" });
const port = Number(process.env.PORT ?? 4000);
const token = production ? null : await signDevUserToken({ chapter: "HP", role: "OFFICER", sub: "dev-officer@HP" });
const stack = await startStack({
  port,
  databaseUrls: databaseUrlsFromEnv(),
  dataDir: process.env.DATA_DIR ?? defaultDataDir,
  seedDemo: !production,
  // the explorer at GET /graphql opens with this token in its header editor
  gateway: token ? { explorer: { headers: { authorization: `Bearer ${token}` } } } : {},
}).catch(exitOnStartupError);
const where = Object.keys(stack.embedded).length ? `embedded PostgreSQL under ${process.env.DATA_DIR ?? defaultDataDir}` : "PostgreSQL at DATABASE_URL";

console.log(`
Chapters is running — ${stack.gateway.url}   (data: ${where}${stack.demoSeeded ? ", demo data loaded" : ""})
`);
if (token) {
  console.log(`A token for an officer of the Hải Phòng province chapter (HP), valid 12 hours (npm run token makes more):

  ${token}

Open ${stack.gateway.url} in a browser for the explorer (GraphiQL, works offline, token filled in), or:

  curl -s ${stack.gateway.url} -H 'content-type: application/json' \\
    -H 'authorization: Bearer ${token}' \\
    -d '{"query":"{ me { role chapter { code name children(first: 10) { totalCount nodes { code name levelLabel } } } } }"}'

Other tokens: npm run token -- --chapter BN --role viewer     (Ctrl-C stops everything)
`);
} else {
  console.log("Production: no demo data, no token printed. Callers bring tokens from your identity provider (docs/security.md).\n");
}

const shutdown = async () => {
  await stack.stop();
  await stopTracing();
  process.exit(0);
};
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);
