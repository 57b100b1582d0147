// National-scale synthetic data for the humanitarian subgraph (HA-PROFILE, HA-SUPPORT,
// HA-CAMPAIGNS): a support programme per synthetic province, sponsors in the communes, humanitarian
// addresses at every step of their path (surveyed → profiled → approved → supported), and the
// support records of the supported ones, each gift counted once (distinct dates per address).
// Generated inside PostgreSQL over the chapters of this subgraph's own tree replica.
import type pg from "pg";
import { pick, uuid, type LoadStep } from "../synthetic-sql.ts";

export interface HumanitarianVolumeOptions {
  addresses: number;
  sponsors: number;
  /** code prefix of the synthetic provinces (their communes are SYN<n>.D<n>.C<n>) */
  prefix: string;
}

const CATEGORIES = ["DISABILITY", "AGENT_ORANGE", "DISASTER", "GRAVE_ILLNESS", "INJURY", "ORPHAN", "LONELY_ELDERLY", "OTHER_VULNERABLE"];
const KINDS = ["MONTHLY", "MONTHLY", "MONTHLY", "WHEELCHAIR", "HOUSING", "REHABILITATION", "LIVELIHOOD_CAPITAL", "LIVELIHOOD_SEEDLINGS", "LIVELIHOOD_LIVESTOCK", "HEALTH_INSURANCE", "SAVINGS_BOOK"];
const list = (values: string[]) => `ARRAY[${values.map((v) => `'${v}'`).join(",")}]`;

export async function generateHumanitarianVolume(db: pg.ClientBase, o: HumanitarianVolumeOptions, step: LoadStep): Promise<void> {
  await db.query(`DROP TABLE IF EXISTS syn_commune; CREATE TEMP TABLE syn_commune AS
    SELECT (row_number() OVER (ORDER BY c.code)) - 1 AS n, c.id, p.id AS province
    FROM "TreeChapter" c JOIN "TreeChapter" p ON p.code = split_part(c.code, '.', 1)
    WHERE c.code ~ '^${o.prefix}[0-9]+\\.D[0-9]+\\.C[0-9]+$';
    CREATE UNIQUE INDEX ON syn_commune (n); ANALYZE syn_commune;`);
  const communes = Number((await db.query(`SELECT count(*) AS n FROM syn_commune`)).rows[0].n);
  if (!communes) throw new Error("The humanitarian subgraph's tree replica has no synthetic communes yet: generate the tree first.");
  await step(
    "support programmes",
    `INSERT INTO "Campaign" (id, "chapterId", kind, name, "startsOn", "endsOn", "createdBy")
     SELECT ${uuid("'programme' || p.province")}, p.province, 'PROGRAMME', 'Chương trình hỗ trợ địa chỉ nhân đạo 2022–2026', date '2022-01-01', date '2026-12-31', 'synthetic'
     FROM (SELECT DISTINCT province FROM syn_commune) p`,
  );
  await step(
    "sponsors",
    `INSERT INTO "Sponsor" (id, "chapterId", kind, name, "isHeadOfAgency")
     SELECT ${uuid("'sponsor' || g")}, c.id, (CASE WHEN ${pick("skind", "g", 3)} = 0 THEN 'INDIVIDUAL' ELSE 'ORGANISATION' END)::"SponsorKind",
            'Nhà tài trợ ' || g, ${pick("head", "g", 20)} = 0
     FROM generate_series(1, ${o.sponsors}) g JOIN syn_commune c ON c.n = ${pick("shome", "g", communes)}`,
  );
  // path: 10% surveyed, 10% profiled, 20% approved, 60% supported; each step a few weeks after the last
  await step("humanitarian addresses", {
    total: o.addresses,
    unit: "addresses",
    sql: (from, to) => `INSERT INTO "HumanitarianAddress" (id, "chapterId", kind, category, status, "fullName", "birthYear", "addressLine", "householdSize", needs,
       "consentOn", "consentBy", "surveyedOn", "surveyedBy", "profiledOn", "profiledBy", "approvedOn", "approvedBy", "supportedOn", "supportedBy")
     SELECT ${uuid("'address' || g")}, c.id, (CASE WHEN ${pick("akind", "g", 2)} = 0 THEN 'PERSON' ELSE 'HOUSEHOLD' END)::"AddressKind",
            (${list(CATEGORIES)})[${pick("cat", "g", CATEGORIES.length)} + 1]::"AddressCategory", s.status::"AddressStatus",
            'Địa chỉ nhân đạo ' || g, 1935 + ${pick("born", "g", 80)}::int, 'Tổ ' || (1 + ${pick("to", "g", 20)}) || ', thôn ' || (1 + ${pick("thon", "g", 9)}),
            1 + ${pick("size", "g", 6)}::int, 'Cần hỗ trợ sinh kế và chăm sóc sức khỏe',
            CASE WHEN s.step >= 1 THEN d.surveyed + 3 END, CASE WHEN s.step >= 1 THEN 'synthetic' END, d.surveyed, 'synthetic',
            CASE WHEN s.step >= 1 THEN d.surveyed + 10 END, CASE WHEN s.step >= 1 THEN 'synthetic' END,
            CASE WHEN s.step >= 2 THEN d.surveyed + 24 END, CASE WHEN s.step >= 2 THEN 'synthetic' END,
            CASE WHEN s.step >= 3 THEN d.surveyed + 45 END, CASE WHEN s.step >= 3 THEN 'synthetic' END
     FROM generate_series(${from}, ${to}) g
     JOIN syn_commune c ON c.n = ${pick("ahome", "g", communes)}
     CROSS JOIN LATERAL (SELECT date '2022-01-03' + ${pick("surveyed", "g", 1000)}::int AS surveyed) d
     CROSS JOIN LATERAL (SELECT CASE WHEN ${pick("path", "g", 10)} = 0 THEN 0 WHEN ${pick("path", "g", 10)} = 1 THEN 1
                                     WHEN ${pick("path", "g", 10)} < 4 THEN 2 ELSE 3 END AS step) st
     CROSS JOIN LATERAL (SELECT st.step, (ARRAY['SURVEYED', 'PROFILED', 'APPROVED', 'SUPPORTED'])[st.step + 1] AS status) s`,
  });
  // supported addresses get 2 to 9 gifts, a month or more apart, from sponsors of their province's communes
  await step("support records", {
    total: communes,
    unit: "communes",
    // syn_commune.n counts from 0
    sql: (from, to) => `INSERT INTO "SupportRecord" (id, "chapterId", "addressId", "sponsorId", "campaignId", kind, value, "givenOn", "recordedBy", reference)
     SELECT ${uuid("'support' || a.id || '.' || i")}, a."chapterId", a.id, ${uuid(`'sponsor' || (1 + ${pick("giver", "a.id::text || i", o.sponsors)})`)},
            ${uuid("'programme' || c.province")}, (${list(KINDS)})[${pick("gift", "a.id::text || i", KINDS.length)} + 1]::"SupportKind",
            (200000 * (1 + ${pick("value", "a.id::text || i", 150)}))::bigint, a."supportedOn" + (i - 1) * 35, 'synthetic',
            -- a receipt number of its own (HA-NODOUBLE: unique per chapter)
            'SYN-' || a.id || '.' || i
     FROM "HumanitarianAddress" a JOIN syn_commune c ON c.id = a."chapterId"
     CROSS JOIN LATERAL generate_series(1, 2 + ${pick("gifts", "a.id::text", 8)}::int) i
     WHERE c.n BETWEEN ${from - 1} AND ${to - 1} AND a.status = 'SUPPORTED' AND a."fullName" LIKE 'Địa chỉ nhân đạo %' AND a."supportedOn" + (i - 1) * 35 <= date '2026-10-31'`,
  });
  await db.query(`ANALYZE "HumanitarianAddress"; ANALYZE "SupportRecord"; ANALYZE "Sponsor"; DROP TABLE syn_commune;`);
}
