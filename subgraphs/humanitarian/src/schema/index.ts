// The humanitarian subgraph's schema: root types once, empty and scoped; each file adds its fields.
import { builder } from "../builder.ts";
import "./enums.ts";
import "./chapter.ts";
import "./address.ts";
import "./address-mutations.ts";
import "./support.ts";
import "./sponsor.ts";
import "./campaign.ts";
import "./report.ts";
import "./live.ts";

builder.queryType({ authScopes: { authenticated: true }, fields: () => ({}) });
builder.mutationType({ authScopes: { writer: true }, fields: () => ({}) });
builder.subscriptionType({ authScopes: { authenticated: true }, fields: () => ({}) });

/** The subgraph schema (federation 2.6). */
export function buildHumanitarianSchema() {
  return builder.toSubGraphSchema({ linkUrl: "https://specs.apollo.dev/federation/v2.6" });
}
