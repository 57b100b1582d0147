// Figure rollups shared by the domain subgraphs on a tree replica: their keeping (rebuilds,
// replica hooks), and two kinds of spec with the SQL generated from them, their keepers and the
// readers' gates: figures that add up from chapters' own rows, recomputed per chapter at commit
// (spec.ts, sql.ts, generated.ts, gate.ts), and figures kept by signed differences folded at
// commit, for a distinct count that does not add up (deltas.ts); and the figures read from the
// subtree rows, kept in process per data version (versioned.ts).
export * from "./keeping.ts";
export * from "./spec.ts";
export * from "./sql.ts";
export * from "./generated.ts";
export * from "./gate.ts";
export * from "./deltas.ts";
export * from "./versioned.ts";
