// The caller's slice (ORG-TREE) on this subgraph's replica of the tree. Addresses, sponsors and
// their support are standing records: they follow their chapter through merges ("open work moves
// with a merge", ORG-REFORM), so a Đồng Nai officer sees the addresses Bình Phước profiled.
// Figures use access/restated.ts instead (as it was, or restated).
import { replicaTables, sliceOn } from "@chapters/core";

export const { sliceRoots, inSlice, inSliceFollowingMerges, requireChapterInSlice } = sliceOn(replicaTables);
