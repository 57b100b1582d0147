// SQL fragments the synthetic volume generators share (prisma/<subgraph>/synthetic-volume.ts):
// every value is derived from md5 of a label and a row number, so a load is the same on every
// machine and can be generated inside PostgreSQL.

/** A valid (version 4 shaped) UUID from md5 of an SQL text expression: repeatable, and accepted
 * wherever the API checks ids. */
export const uuid = (expression: string) =>
  `(substr(md5(${expression}), 1, 12) || '4' || substr(md5(${expression}), 14, 3) || '8' || substr(md5(${expression}), 18, 15))::uuid`;

/** A pseudo-random integer in [0, n) from a label and a row number: md5, so repeatable anywhere. */
export const pick = (label: string, row: string, n: number | string) => `(('x' || substr(md5('${label}' || ${row}), 1, 8))::bit(32)::bigint % ${n})`;

/** A long INSERT … SELECT cut into slices of its driving series, so the load can say how far it
 * is: `sql(from, to)` inserts the rows of units from..to (1-based, inclusive) of `total`. */
export interface Batches {
  total: number;
  /** what the series counts ("people", "communes") */
  unit: string;
  sql: (from: number, to: number) => string;
}

/** Runs one INSERT … SELECT of a load (whole, or slice by slice) and reports it
 * (scripts/synthetic.ts times it and shows progress). */
export type LoadStep = (what: string, sql: string | Batches) => Promise<void>;
