// Live subscriptions: the shared machinery every subgraph's `Subscription` fields use.
export * from "./coalesce.ts";
export * from "./bounded-stream.ts";
export * from "./hub.ts";
export * from "./ws-server.ts";
export * from "./screen-access.ts";
