// National-scale synthetic data for the blood subgraph: donors in the synthetic communes and
// their donations, each donor's donations spaced beyond the 84-day interval (BL-DONORS), first
// donations marked. Generated inside PostgreSQL with generate_series, deterministically from the
// row number, over the chapters of this subgraph's own tree replica.
import type pg from "pg";
import { pick, uuid, type LoadStep } from "../synthetic-sql.ts";


export interface BloodVolumeOptions {
  donors: number;
  /** code prefix of the synthetic provinces (their communes are SYN<n>.D<n>.C<n>) */
  prefix: string;
}



export async function generateBloodVolume(db: pg.ClientBase, o: BloodVolumeOptions, step: LoadStep): Promise<void> {
  await db.query(`DROP TABLE IF EXISTS syn_commune; CREATE TEMP TABLE syn_commune AS
    SELECT (row_number() OVER (ORDER BY code)) - 1 AS n, id FROM "TreeChapter" WHERE code ~ '^${o.prefix}[0-9]+\\.D[0-9]+\\.C[0-9]+$';
    CREATE UNIQUE INDEX ON syn_commune (n); ANALYZE syn_commune;`);
  const communes = Number((await db.query(`SELECT count(*) AS n FROM syn_commune`)).rows[0].n);
  if (!communes) throw new Error("The blood subgraph's tree replica has no synthetic communes yet: generate the tree first.");
  await step("donors", {
    total: o.donors,
    unit: "donors",
    sql: (from, to) => `INSERT INTO "Donor" (id, "chapterId", "fullName", "birthDate", "nationalId", phone, abo, rh)
     SELECT ${uuid("'donor' || g")}, c.id, 'Người hiến ' || g, date '1965-01-01' + ${pick("dbirth", "g", 14000)}::int,
            '8' || lpad(g::text, 11, '0'), '03' || lpad(g::text, 8, '0'),
            (ARRAY['O','O','O','O','A','A','A','B','B','AB'])[${pick("abo", "g", 10)} + 1]::"AboGroup",
            (CASE WHEN ${pick("rh", "g", 1000)} < 4 THEN 'NEGATIVE' ELSE 'POSITIVE' END)::"RhFactor"
     FROM generate_series(${from}, ${to}) g JOIN syn_commune c ON c.n = ${pick("dhome", "g", communes)}`,
  });
  // one to five donations each (three on average), 100 to 160 days apart
  await step("donations", {
    total: o.donors,
    unit: "donors",
    sql: (from, to) => `INSERT INTO "Donation" (id, "donorId", "chapterId", "donatedOn", "typeCode", "volumeMl", units, "isFirst", "recordedBy")
     SELECT ${uuid("'donation' || g || '.' || i")}, ${uuid("'donor' || g")}, c.id,
            date '2023-01-02' + ${pick("dstart", "g", 400)}::int + (i - 1) * (100 + ${pick("gap", "g", 60)}::int),
            'WHOLE_BLOOD', v.ml, round(v.ml / 250.0, 2), i = 1, 'synthetic'
     FROM generate_series(${from}, ${to}) g
     JOIN syn_commune c ON c.n = ${pick("dhome", "g", communes)}
     CROSS JOIN LATERAL generate_series(1, 1 + ${pick("count", "g", 5)}::int) i
     CROSS JOIN LATERAL (SELECT (ARRAY[250, 350, 350, 450])[${pick("ml", "g || '.' || i", 4)} + 1] AS ml) v`,
  });
  await db.query(`ANALYZE "Donor"; ANALYZE "Donation"; DROP TABLE syn_commune;`);
}
