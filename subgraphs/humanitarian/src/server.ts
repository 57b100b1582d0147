// Starts the humanitarian subgraph against a PostgreSQL URL (embedded or real), with its replica
// of the organization's chapter tree.
import { createInProcessPubSub, migrateSubgraph, serveDomainSubgraph, type DomainService, type PubSub } from "@chapters/core";
import { connectHumanitarianDatabase, SUBGRAPH, type HumanitarianDatabase } from "./db.ts";
import { humanitarianRollupsFollowTree } from "./indicators/rollups.ts";
import { quarterlyReportRoute } from "./reports/route.ts";
import { FUND_COMPLETER_MS, startFundCompleter } from "./supports/completer.ts";
import { buildHumanitarianSchema } from "./schema/index.ts";

export type HumanitarianService = DomainService<HumanitarianDatabase>;

/** Migrates (unless told not to), starts the tree replica and serves the subgraph. */
export async function startHumanitarianSubgraph(options: {
  databaseUrl: string;
  organizationUrl: string;
  port?: number;
  pubsub?: PubSub;
  migrate?: boolean;
  /** 1 for an embedded database: one PGlite backend is one session */
  maxConnections?: number;
  /** how often PENDING chapter-fund gifts are completed (supports/completer.ts); default
   * HUMANITARIAN_FUND_COMPLETER_MS or 15 s */
  fundCompleterMs?: number;
}): Promise<HumanitarianService> {
  if (options.migrate !== false) await migrateSubgraph(SUBGRAPH, options.databaseUrl);
  const followTree = humanitarianRollupsFollowTree(options.databaseUrl);
  const service = await serveDomainSubgraph({
    name: SUBGRAPH,
    schema: buildHumanitarianSchema(),
    databaseUrl: options.databaseUrl,
    database: connectHumanitarianDatabase(options.databaseUrl, { maxConnections: options.maxConnections }),
    organizationUrl: options.organizationUrl,
    pubsub: options.pubsub ?? createInProcessPubSub(),
    port: options.port,
    replica: { derived: followTree },
    context: { organizationUrl: options.organizationUrl },
    routes: [quarterlyReportRoute],
  });
  if (options.migrate !== false) await followTree.rebuildInBackgroundIfStale(service.database.prisma);
  const completer = startFundCompleter({
    databaseUrl: options.databaseUrl,
    organizationUrl: options.organizationUrl,
    everyMs: options.fundCompleterMs ?? (Number(process.env.HUMANITARIAN_FUND_COMPLETER_MS) || FUND_COMPLETER_MS),
  });
  return {
    ...service,
    async stop() {
      await completer.stop();
      await service.stop();
    },
  };
}
