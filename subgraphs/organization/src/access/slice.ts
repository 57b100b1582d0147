// The organization subgraph's slice checks: core's slice SQL on its own tree tables.
import { organizationTables, sliceOn } from "@chapters/core";

export { inForce } from "@chapters/core";

export const { sliceRoots, inSlice, inSliceFollowingMerges, requireChapterInSlice } = sliceOn(organizationTables);
