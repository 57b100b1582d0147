// The humanitarian subgraph's schema: root types once, empty and scoped; each file adds its fields.
import { builder } from "../builder.ts";
import "./enums.ts";
import "./chapter.ts";
// the root fields appear in the schema (schema/subgraphs/) in the order their files are imported
import "./campaign.ts";
import "./sponsor.ts";
import "./head.ts";
import "./support.ts";
import "./address.ts";
import "./address-mutations.ts";
import "./report.ts";
import "./agency-report.ts";
import "./live.ts";

builder.queryType({ authScopes: { authenticated: true }, fields: () => ({}) });
builder.mutationType({ authScopes: { writer: true }, fields: () => ({}) });
builder.subscriptionType({ authScopes: { authenticated: true }, fields: () => ({}) });

/** The subgraph schema (federation 2.6). */
export function buildHumanitarianSchema() {
  return builder.toSubGraphSchema({ linkUrl: "https://specs.apollo.dev/federation/v2.6" });
}
