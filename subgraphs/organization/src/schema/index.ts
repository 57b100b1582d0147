// The organization subgraph's schema: every type and root field is declared beside its records
// (chapter.ts, people.ts, targets.ts, …; their mutations in *-mutations.ts); the root types are
// opened here, after all of them are imported, as in the other three subgraphs.
import { builder } from "../builder.ts";
import "./enums.ts";
import "./viewer.ts";
import "./chapter.ts";
import "./history.ts";
import "./tree-mutations.ts";
import "./tree-events.ts";
import "./figures.ts";
import "./people.ts";
import "./targets.ts";
import "./people-mutations.ts";
import "./target-mutations.ts";
import "./fund-mutations.ts";
import "./partners.ts";
import "./partner-mutations.ts";
import "./dues-mutations.ts";
import "./registry.ts";

builder.queryType({ authScopes: { authenticated: true }, fields: () => ({}) });
builder.mutationType({ authScopes: { writer: true }, fields: () => ({}) });

export function buildOrganizationSchema() {
  return builder.toSubGraphSchema({ linkUrl: "https://specs.apollo.dev/federation/v2.6" });
}
