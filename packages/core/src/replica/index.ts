// The chapter tree as the other subgraphs hold it: table names, the replica that follows the
// organization's events, and where a chapter's history went.
export * from "./tables.ts";
export * from "./tree-replica.ts";
export * from "./history.ts";
