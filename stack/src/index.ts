// The stack: which services the product runs and in what order (services.ts), the whole product in
// one process (stack.ts, `npm start`), one service per process (subgraph-main.ts, processes.ts),
// and the demo seeds wired in (seeds.ts). It sits on top: it may import the gateway, the subgraphs
// and the seeds; none of them imports it (test/platform/import-order.test.ts).
export { databaseUrlsFromEnv, DatabaseUnreachableError, defaultDataDir, startStack, type Stack, type StackOptions } from "./stack.ts";
export { subgraphModules, type StartedSubgraph, type SubgraphModule, type SubgraphStartOptions } from "./services.ts";
export { startGatewayProcess, startProcess, startSubgraphProcess, type ServiceProcess } from "./processes.ts";
export { DEMO, DEMO_PARTNERS, generateSyntheticTree } from "./seeds.ts";
