// Figure rollups shared by the domain subgraphs on a tree replica: their keeping (rebuilds,
// replica hooks), a spec with the SQL generated from it and its keeper, and the readers' gate.
export * from "./keeping.ts";
export * from "./spec.ts";
export * from "./sql.ts";
export * from "./generated.ts";
export * from "./gate.ts";
