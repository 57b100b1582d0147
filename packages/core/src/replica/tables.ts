// The chapter tree's tables as SQL elsewhere names them: the organization subgraph's own, and
// the replica each domain subgraph keeps of them (same columns, see tree-replica.ts). Slice,
// history and rollup SQL take a TreeTables, so one definition runs on either.
export interface TreeTables {
  /** chapters with id and code */
  chapter: string;
  /** predecessorId, successorId, kind */
  succession: string;
  /** ancestorId, descendantId, depth, validFrom, validTo */
  closure: string;
}

export const organizationTables: TreeTables = { chapter: "Chapter", succession: "ChapterSuccession", closure: "ChapterClosure" };
export const replicaTables: TreeTables = { chapter: "TreeChapter", succession: "TreeSuccession", closure: "TreeClosure" };
