import { builder } from "../builder.ts";
import "./enums.ts";
import "./chapter.ts";
import "./rules.ts";
import "./donor.ts";
import "./donor-mutations.ts";
import "./drive.ts";
import "./stock.ts";
import "./honour.ts";
import "./donor-group.ts";
import "./organ.ts";
import "./targets.ts";
import "./live.ts";

builder.queryType({ authScopes: { authenticated: true }, fields: () => ({}) });
builder.mutationType({ authScopes: { writer: true }, fields: () => ({}) });
builder.subscriptionType({ authScopes: { authenticated: true }, fields: () => ({}) });

export function buildBloodSchema() {
  return builder.toSubGraphSchema({ linkUrl: "https://specs.apollo.dev/federation/v2.6" });
}
