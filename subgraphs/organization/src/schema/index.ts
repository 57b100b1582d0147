import { builder } from "../builder.ts";
import "./enums.ts";
import "./chapter.ts";
import "./history.ts";
import "./queries.ts";
import "./mutations.ts";
import "./tree-events.ts";
import "./figures.ts";
import "./people.ts";
import "./targets.ts";
import "./data-mutations.ts";
import "./partners.ts";
import "./partner-mutations.ts";

export function buildOrganizationSchema() {
  return builder.toSubGraphSchema({ linkUrl: "https://specs.apollo.dev/federation/v2.6" });
}
import "./dues-mutations.ts";
import "./registry.ts";
