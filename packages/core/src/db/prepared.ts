// Hot read statements sent as named (prepared) statements, so PostgreSQL plans them once per
// connection instead of on every request.
//
// Prisma's driver adapter sends every raw query on the unnamed statement, which PostgreSQL plans
// again at each Bind with the parameters' values. For the figures read from the rollups (a
// statement of a few CTEs and many EXISTS probes of the closure) that planning took ~20 ms a
// request on the national data while the execution took 1–3 ms (docs/benchmarks.md, "Where the
// time goes"). A named statement keeps its plan in the session: after five custom plans
// PostgreSQL switches to the generic plan when it is no dearer (the plan cache's rule), and from
// then on a Bind costs no planning.
//
// A statement opts in by carrying a marker comment (`prepared(label, query)`); the pool's query
// wrapper (client.ts) gives it a name made of the label, the connection's serial and a hash of
// its text. The serial matters on the embedded database, where every pg client shares one
// PGlite session: two clients preparing the same name there would collide.
import { createHash } from "node:crypto";
import { raw, sql, type Sql } from "./sql.ts";

const MARKER = /\/\* prepared: ([a-z0-9-]+) \*\/$/;

/** `query` marked to go out as a named statement, planned once per connection. Only for statements
 * whose text takes a bounded number of shapes (values are parameters, never spliced in), since each
 * distinct text is kept on every connection that runs it. */
export function prepared(label: string, query: Sql): Sql {
  if (!/^[a-z0-9-]+$/.test(label)) throw new Error(`prepared statement label "${label}": lowercase letters, digits and dashes only`);
  return sql`${query} ${raw(`/* prepared: ${label} */`)}`;
}

/** The label of a statement marked `prepared`, or undefined for the rest. */
export function preparedLabel(text: string): string | undefined {
  return MARKER.exec(text)?.[1];
}

/** The name a marked statement goes out under on connection `serial`, or undefined for the rest. */
export function preparedName(text: string, serial: number): string | undefined {
  const label = preparedLabel(text);
  if (!label) return undefined;
  const hash = createHash("sha1").update(text).digest("hex").slice(0, 16);
  // PostgreSQL truncates identifiers at 63 bytes: keep the serial and hash whole
  return `${label.slice(0, 30)}_${serial}_${hash}`;
}
