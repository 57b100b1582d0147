// The humanitarian subgraph's public surface: start it, connect to its database (its demo seed is in prisma/, wired in by the stack).
export { startHumanitarianSubgraph, type HumanitarianService } from "./server.ts";
export { buildHumanitarianSchema } from "./schema/index.ts";
export { connectHumanitarianDatabase, SUBGRAPH as HUMANITARIAN } from "./db.ts";
export type { HumanitarianPrisma } from "./db.ts";
export { CAMPAIGN_PROGRESS_TOPIC, type CampaignProgressEvent } from "./events.ts";
export { humanitarianRollupsKept, rebuildHumanitarianRollups, suspendHumanitarianRollups } from "./indicators/rollups.ts";
export { HUMANITARIAN_ROLLUPS } from "./indicators/rollup-spec.ts";
// the figures computed from the rows and from the rollups (test/humanitarian/rollups.test.ts compares them)
export { figuresFromRollups, figuresFromRows, yearWindow } from "./indicators/read.ts";
// one pass of the chapter-fund completer (test/humanitarian/fund-completer.test.ts races it with a resend)
export { completePendingFundGifts } from "./supports/completer.ts";
