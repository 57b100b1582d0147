// The database: the sql tag, clients and the embedded server, migrations, transactions,
// idempotency receipts, row locks and how a database failure reaches a caller.
export * from "./sql.ts";
export * from "./prepared.ts";
export * from "./client.ts";
export * from "./embedded.ts";
export * from "./migrate.ts";
export * from "./paths.ts";
export * from "./transactions.ts";
export * from "./idempotency.ts";
export * from "./failures.ts";
export * from "./locks.ts";
