// Row locks for rules that must hold under concurrency ("check, then write"): the owning rows
// are locked in the mutation's own transaction before the check reads anything, so a second
// request waits, then sees the first one's write. Locks are taken in id order, so two requests
// locking overlapping sets cannot deadlock.
import { raw, sql } from "./sql.ts";
import type { RawTx } from "./sql.ts";

/** Locks the rows of `table` with these ids (FOR UPDATE) until the transaction ends; returns the ids found. */
export async function lockRows(tx: RawTx, table: string, ids: string[], column = "id"): Promise<string[]> {
  if (!ids.length) return [];
  const rows = await tx.$queryRaw<{ id: string }[]>(sql`
    SELECT ${raw(`"${column}"`)}::text AS id FROM ${raw(`"${table}"`)} WHERE ${raw(`"${column}"`)} = ANY(${[...new Set(ids)]}::uuid[])
    ORDER BY 1 FOR UPDATE`);
  return rows.map((r) => r.id);
}
