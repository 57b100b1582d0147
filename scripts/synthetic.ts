// `npm run seed:synthetic`: loads national-scale synthetic data into the PostgreSQL server at
// DATABASE_URL, next to the demo data, for the benchmark and for trying the product at size.
// Each subgraph's part lives beside its schema (prisma/<subgraph>/synthetic-volume.ts); this
// script starts the stack once (migrations, demo data, tree replicas), then runs each part that
// is not loaded yet, so running it again only adds what is missing.
//
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/chapters_bench npm run seed:synthetic -- [--scale national|small] [--seed 42]
import { createSubgraphPool } from "@chapters/core";
import { bloodRollupsKept, rebuildBloodRollups, suspendBloodRollups, type BloodService } from "@chapters/blood";
import { humanitarianRollupsKept, rebuildHumanitarianRollups, suspendHumanitarianRollups, type HumanitarianService } from "@chapters/humanitarian";
import { rebuildRollups, rollupsCurrent, suspendRollups } from "@chapters/organization";
import type { Stack } from "@chapters/stack";
import { generateBloodVolume } from "../prisma/blood/synthetic-volume.ts";
import { generateEmulationVolume } from "../prisma/emulation/synthetic-volume.ts";
import { generateHumanitarianVolume } from "../prisma/humanitarian/synthetic-volume.ts";
import { generateNationalTree, generateOrganizationVolume, NATIONAL, type NationalOptions } from "../prisma/organization/synthetic-volume.ts";
import type { LoadStep } from "../prisma/synthetic-sql.ts";
import { createProgress } from "../prisma/synthetic-progress.ts";

export interface SyntheticScale {
  organization: NationalOptions;
  donors: number;
  humanitarian: { addresses: number; sponsors: number };
}

export const SCALES: Record<string, SyntheticScale> = {
  national: { organization: NATIONAL, donors: 1_000_000, humanitarian: { addresses: 300_000, sponsors: 20_000 } },
  // two provinces of national shape (100 communes each): a province dashboard as large as the
  // national data's, loaded in a few minutes, for profiling
  province: {
    organization: { ...NATIONAL, provinces: 2, members: 180_000 },
    donors: 60_000,
    humanitarian: { addresses: 18_000, sponsors: 1_200 },
  },
  small: {
    organization: { ...NATIONAL, provinces: 3, districts: 4, communes: 3, branches: 3, members: 20_000 },
    donors: 5_000,
    humanitarian: { addresses: 3_000, sponsors: 300 },
  },
};

/** Loads whatever part of the synthetic data is missing; returns what it did, line by line. */
export async function loadSynthetic(stack: Stack, url: string, scale: SyntheticScale, log: (line: string) => void = console.log): Promise<void> {
  const org = stack.organization.database.prisma;
  // a terminal shows one line rewritten in place; a log gets a line every few seconds
  const out = { write: log, live: log === console.log && Boolean(process.stdout.isTTY) };
  const o = scale.organization;
  const timed = async (what: string, work: () => Promise<unknown>) => {
    const started = Date.now();
    log(`${what}…`);
    await work();
    log(`${what}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  };
  const organizationMissing = !(await org.chapter.findUnique({ where: { code: `${o.prefix}1` } }));
  // a bulk load keeps no rollups while it runs (each tree change would re-sum them); one
  // rebuild at the end is far faster
  if (organizationMissing) await suspendRollups(org);
  if (organizationMissing) {
    await timed(`tree: ${o.provinces} provinces, their districts until 2025-07-01, communes and branches`, async () => {
      const reform = createProgress("the 2025 reform, province by province", "provinces", o.provinces, out);
      await generateNationalTree(org, o, {
        created: (chapters) => log(`  ${chapters.toLocaleString("en")} chapters created as they stood before the reform`),
        reformed: (provinces, chapters) => reform.advance(provinces, chapters),
      });
      log(`  ${reform.finish().replace(" rows ", " chapters moved or dissolved ")}`);
    });
  }
  const orgPool = createSubgraphPool(url, "organization", { max: 1 }).pool;
  const bloodPool = createSubgraphPool(url, "blood", { max: 1 }).pool;
  const humanitarianPool = createSubgraphPool(url, "humanitarian", { max: 1 }).pool;
  const emulationPool = createSubgraphPool(url, "emulation", { max: 1 }).pool;
  // each part in one transaction: an interrupted load leaves nothing half-made, and runs again
  const atomically = async (pool: typeof orgPool, work: (client: import("pg").PoolClient, step: LoadStep) => Promise<void>) => {
    const client = await pool.connect();
    const step: LoadStep = async (what, sql) => {
      if (typeof sql === "string") {
        const started = Date.now();
        const result = await client.query(sql);
        log(`  ${what}: ${(result.rowCount ?? 0).toLocaleString("en")} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        return;
      }
      // slices of about 2% each: a line every few seconds with rate and time left, at little
      // cost (each slice is still one INSERT … SELECT over thousands of rows)
      const progress = createProgress(what, sql.unit, sql.total, out);
      const slice = Math.max(1, Math.ceil(sql.total / 50));
      for (let from = 1; from <= sql.total; from += slice) {
        const to = Math.min(sql.total, from + slice - 1);
        const result = await client.query(sql.sql(from, to));
        progress.advance(to - from + 1, result.rowCount ?? 0);
      }
      log(`  ${progress.finish()}`);
    };
    try {
      await client.query("BEGIN");
      await work(client, step);
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK");
      throw error;
    } finally {
      client.release();
    }
  };
  try {
    const people = await orgPool.query(`SELECT 1 FROM "Person" WHERE "nationalId" = '9' || lpad('1', 11, '0')`);
    if (!people.rowCount) {
      await suspendRollups(org);
      await timed(`organization: ${o.members.toLocaleString("en")} people with memberships, dues and funds`, () => atomically(orgPool, (c, step) => generateOrganizationVolume(c, o, step)));
    }
    if (!(await rollupsCurrent(org))) await timed("organization: figure rollups rebuilt from the rows", () => rebuildRollups(org, { onlyIfStale: true }));
    const blood = stack.services.blood;
    if (blood?.caughtUp) await timed("blood: tree replica catching up", () => blood.caughtUp!());
    const donors = await bloodPool.query(`SELECT 1 FROM "Donor" WHERE "nationalId" = '8' || lpad('1', 11, '0')`);
    const bloodPrisma = (blood as unknown as BloodService).database.prisma;
    if (!donors.rowCount) {
      await suspendBloodRollups(bloodPrisma);
      await timed(`blood: ${scale.donors.toLocaleString("en")} donors and their donations`, () => atomically(bloodPool, (c, step) => generateBloodVolume(c, { donors: scale.donors, prefix: o.prefix }, step)));
    }
    if (!(await bloodRollupsKept(bloodPrisma))) await timed("blood: figure rollups rebuilt from the rows", () => rebuildBloodRollups(bloodPrisma, { onlyIfStale: true }));
    const humanitarian = stack.services.humanitarian;
    if (humanitarian?.caughtUp) await timed("humanitarian: tree replica catching up", () => humanitarian.caughtUp!());
    const addresses = await humanitarianPool.query(`SELECT 1 FROM "HumanitarianAddress" WHERE "fullName" = 'Địa chỉ nhân đạo 1'`);
    const humanitarianPrisma = (humanitarian as unknown as HumanitarianService).database.prisma;
    if (!addresses.rowCount) {
      const h = scale.humanitarian;
      await suspendHumanitarianRollups(humanitarianPrisma);
      await timed(`humanitarian: ${h.addresses.toLocaleString("en")} addresses with their support records`, () =>
        atomically(humanitarianPool, (c, step) => generateHumanitarianVolume(c, { ...h, prefix: o.prefix }, step)),
      );
    }
    if (!(await humanitarianRollupsKept(humanitarianPrisma))) {
      await timed("humanitarian: figure rollups rebuilt from the rows", () => rebuildHumanitarianRollups(humanitarianPrisma, { onlyIfStale: true }));
    }
    const emulation = stack.services.emulation;
    if (emulation?.caughtUp) await timed("emulation: tree replica catching up", () => emulation.caughtUp!());
    const plans = await emulationPool.query(`SELECT 1 FROM "EmulationPlan" WHERE "createdBy" = 'synthetic' LIMIT 1`);
    if (!plans.rowCount) await timed("emulation: 2024 plans, registrations and sheets of every synthetic district", () => atomically(emulationPool, (c, step) => generateEmulationVolume(c, { prefix: o.prefix }, step)));
    // what a bulk load leaves to autovacuum, done at once: the planner's statistics of every table
    // (unanalysed, a four-row table is taken for 680 rows and a closure join sorts 150,000 rows on disk)
    await timed("planner statistics of every table (ANALYZE)", () => orgPool.query("ANALYZE"));
  } finally {
    await orgPool.end();
    await bloodPool.end();
    await humanitarianPool.end();
    await emulationPool.end();
  }
}
