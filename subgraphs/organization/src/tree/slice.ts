// The organization subgraph's slice checks: the shared slice SQL on its own tree tables.
import { inSlice as sharedInSlice, organizationTables, sliceRoots as sharedSliceRoots, type Sql } from "@chapters/core";
import type { OrgContext } from "../builder.ts";

export { inForce } from "@chapters/core";

export const sliceRoots = (ctx: OrgContext): Promise<string[]> => sharedSliceRoots(ctx, organizationTables);

export const inSlice = (chapterIdColumn: string, roots: string[], date: Sql | Date): Sql =>
  sharedInSlice(organizationTables, chapterIdColumn, roots, date);
