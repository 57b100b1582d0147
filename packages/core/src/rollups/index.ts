// Figure rollups shared by the domain subgraphs on a tree replica: a spec, the SQL generated from
// it, their keeping (rebuilds, replica hooks) and the readers' gate.
export * from "./spec.ts";
export * from "./sql.ts";
export * from "./keeping.ts";
export * from "./gate.ts";
