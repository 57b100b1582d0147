// The emulation subgraph's schema: root types once, empty and scoped; each file adds its fields.
import { builder } from "../builder.ts";
import "./enums.ts";
import "./chapter.ts";
import "./plan.ts";
import "./plan-mutations.ts";
import "./sheet.ts";
import "./arrivals.ts";
import "./result.ts";
import "./progress.ts";
import "./conference.ts";
import "./title.ts";
import "./live.ts";

builder.queryType({ authScopes: { authenticated: true }, fields: () => ({}) });
builder.mutationType({ authScopes: { writer: true }, fields: () => ({}) });
builder.subscriptionType({ authScopes: { authenticated: true }, fields: () => ({}) });

/** The subgraph schema (federation 2.6). */
export function buildEmulationSchema() {
  return builder.toSubGraphSchema({ linkUrl: "https://specs.apollo.dev/federation/v2.6" });
}
