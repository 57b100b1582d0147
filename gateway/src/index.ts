// The gateway's public surface: start it, compose a supergraph, and what callers (the stack, the
// tests, the scripts) may name of its trusted documents and errors. Everything else is internal.
export { startGateway, type GatewayOptions, type RunningGateway } from "./server.ts";
export { composeSupergraph, CompositionError, SupergraphError, type SubgraphEndpoint } from "./compose.ts";
export { MANIFEST_PATH, readManifest, type PersistedManifest } from "./trusted-documents.ts";
export { GatewayErrorCode } from "./errors.ts";
export { exitOnStartupError, exitWithoutProductionSecrets } from "./startup-errors.ts";
export { useNormalisedDocuments } from "./document-cache.ts";
export { expandedFieldCount } from "./fan-out.ts";
export { timerAt } from "./live/timer-at.ts";
export { kindOf as liveResultKind } from "./live/shared-streams.ts";
export { buildManifest } from "../scripts/persist-documents.ts";
