// `npm run seed:synthetic` explains itself: it makes its database when the server has none by
// that name (or says in one line what to do), and a long part reports rows done of the total,
// the rate and the time left (prisma/synthetic-database.ts, prisma/synthetic-progress.ts).
import pg from "pg";
import { describe, expect, it } from "vitest";
import { DatabaseSetupError, ensureDatabase } from "../../prisma/synthetic-database.ts";
import { createProgress, progressLine } from "../../prisma/synthetic-progress.ts";

// the server CI and every developer machine run (the embedded database has no CREATE DATABASE to show)
const server = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

describe("synthetic load", () => {
  it("a part's progress names rows done of the total, the rate and the time left, a line every few seconds in a log", () => {
    expect(progressLine("people", "people", 1_200_000, 3_000_000, 20_000)).toBe("people: 1,200,000 of 3,000,000 people (40%), 60,000 people/s, about 30 s left");
    expect(progressLine("donations", "donors", 100, 1_000_000, 10_000)).toContain("about 27 h 46 min left");

    let clock = 0;
    const lines: string[] = [];
    const progress = createProgress("donors", "donors", 1_000, { write: (line) => lines.push(line), live: false }, () => clock);
    for (let slice = 0; slice < 10; slice++) {
      clock += 2_000;
      progress.advance(100, 100);
    }
    // 20 s in slices of 2 s: a line at 6, 12 and 18 s (none at the end: finish() says it)
    expect(lines).toEqual([
      "  donors: 300 of 1,000 donors (30%), 50 donors/s, about 14 s left",
      "  donors: 600 of 1,000 donors (60%), 50 donors/s, about 8 s left",
      "  donors: 900 of 1,000 donors (90%), 50 donors/s, about 2 s left",
    ]);
    expect(progress.finish()).toBe("donors: 1,000 rows in 20.0 s");
  });

  it("a missing database is created; an unreachable server is one sentence saying what to do", async () => {
    const name = `chapters_synthetic_${process.pid}`;
    const url = new URL(server);
    url.pathname = `/${name}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    try {
      expect(await ensureDatabase(url.toString())).toBe("created");
      expect((await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rowCount).toBe(1);
      expect(await ensureDatabase(url.toString())).toBe("existed");
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
    const away = ensureDatabase("postgresql://postgres@127.0.0.1:1/chapters_bench");
    await expect(away).rejects.toBeInstanceOf(DatabaseSetupError);
    await expect(away).rejects.toThrow(/^Cannot reach PostgreSQL at 127\.0\.0\.1:1 \(.*\): start it, or fix DATABASE_URL\.$/);
  });
});
