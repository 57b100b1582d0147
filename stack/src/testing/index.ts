// The test harness (`@chapters/stack/testing`): a real gateway and subgraphs on free ports against a
// fresh database, callers' tokens (partners made as data), and the demo's well-known records.
export * from "./stack.ts";
export * from "./partners.ts";
export { sharedTestStack } from "./shared.ts";
export { DEMO, DEMO_PARTNERS, generateSyntheticTree } from "../seeds.ts";
