// National-scale synthetic data for the emulation subgraph: for every synthetic province, a 2024
// plan with Kiên Giang's rule table over 43 criteria (EM-PLAN), and for every district-level unit
// below it in 2024 a registration (some late), a self-scoring sheet (some after the deadline) and
// the inspection team's verified sheet with a few grades changed and each change in the audit
// trail (EM-REGISTER, EM-SCORE). Results are left for the council to compute: they read the
// owners' facts. Generated inside PostgreSQL with generate_series, deterministically from row
// numbers, over this subgraph's tree replica.
import type pg from "pg";
import { pick, uuid, type LoadStep } from "../synthetic-sql.ts";
import { kienGiang2024 } from "./kien-giang-2024.ts";

const text = (s: string | null | undefined) => (s == null ? "NULL" : `'${s.replace(/'/g, "''")}'`);

export async function generateEmulationVolume(db: pg.ClientBase, o: { prefix: string }, step: LoadStep): Promise<void> {
  const table = kienGiang2024("00000000-0000-4000-8000-000000000000");
  await db.query(`DROP TABLE IF EXISTS syn_plan; CREATE TEMP TABLE syn_plan AS
    SELECT p.id AS chapter, p.code, ${uuid("'plan' || p.code")} AS id FROM "TreeChapter" p WHERE p.code ~ '^${o.prefix}[0-9]+$';
    DROP TABLE IF EXISTS syn_unit; CREATE TEMP TABLE syn_unit AS
    SELECT s.id AS plan, c."descendantId" AS unit, u.code, ${uuid("'self' || u.code")} AS self, ${uuid("'verified' || u.code")} AS verified
    FROM syn_plan s JOIN "TreeClosure" c ON c."ancestorId" = s.chapter AND c.depth = 1
      AND c."validFrom" <= date '2024-12-31' AND (c."validTo" IS NULL OR c."validTo" > date '2024-12-31')
    JOIN "TreeChapter" u ON u.id = c."descendantId";
    ANALYZE syn_plan; ANALYZE syn_unit;`);
  const units = Number((await db.query(`SELECT count(*) AS n FROM syn_unit`)).rows[0].n);
  if (!units) throw new Error("The emulation subgraph's tree replica has no synthetic provinces with units in 2024 yet: generate the tree first.");
  await step("plans", `INSERT INTO "EmulationPlan" (id, "chapterId", year, title, "registrationDeadline", "submissionDeadline", source, "createdBy")
    SELECT id, chapter, 2024, 'Kế hoạch phát động thi đua năm 2024 (' || code || ')', date '2024-02-22', date '2024-12-10', 'synthetic', 'synthetic' FROM syn_plan`);
  await step("criteria", `INSERT INTO "PlanCriterion" (id, "planId", position, code, area, title)
    SELECT ${uuid("'criterion' || s.code || '.' || k.position")}, s.id, k.position, k.code, k.area, k.title FROM syn_plan s
    CROSS JOIN (VALUES ${table.criteria.map((c, i) => `(${i + 1}, ${text(c.code)}, ${text(c.area)}, ${text(c.title)})`).join(", ")}) AS k(position, code, area, title)`);
  await step("class rules", `INSERT INTO "ClassRule" ("planId", class, position, "minA", "maxC", "minBaseShare")
    SELECT s.id, r.class::"EmulationClass", r.position, r."minA", r."maxC", r.share FROM syn_plan s
    CROSS JOIN (VALUES ${table.classRules.map((r, i) => `(${text(r.class)}, ${i + 1}, ${r.minA}, ${r.maxC}, ${r.minBaseShare})`).join(", ")}) AS r(class, position, "minA", "maxC", share)`);
  await step("demotion rules", `INSERT INTO "DemotionRule" ("planId", code, position, label, effect, source, "indicatorCode", threshold, "ofTarget")
    SELECT s.id, d.code, d.position, d.label, d.effect::"DemotionEffect", d.source::"FactSource", d.indicator, d.threshold, d.of FROM syn_plan s
    CROSS JOIN (VALUES ${table.demotions.map((d, i) => `(${text(d.code)}, ${i + 1}, ${text(d.label)}, ${text(d.effect)}, ${text(d.source)}, ${text(d.indicatorCode)}, ${d.threshold ?? "NULL"}::float8, ${d.ofTarget ? "true" : "false"})`).join(", ")})
      AS d(code, position, label, effect, source, indicator, threshold, of)`);
  // 97% register, a few of them after the deadline; 98% of those send a sheet, a few late
  await step("registrations", `INSERT INTO "Registration" ("planId", "unitId", "registeredOn", "registeredBy")
    SELECT plan, unit, date '2024-01-10' + ${pick("reg", "code", 46)}::int, 'synthetic' FROM syn_unit WHERE ${pick("registers", "code", 100)} < 97`);
  await step("self-scoring sheets", `INSERT INTO "ScoreSheet" (id, "planId", "unitId", kind, "submittedOn", "submittedBy", "baseChaptersTotal", "baseChaptersGood")
    SELECT u.self, u.plan, u.unit, 'SELF', date '2024-11-25' + ${pick("sent", "u.code", 18)}::int, 'synthetic', 5 + ${pick("base", "u.code", 20)}::int, 0
    FROM syn_unit u JOIN "Registration" r ON r."planId" = u.plan AND r."unitId" = u.unit WHERE ${pick("sends", "u.code", 100)} < 98`);
  // each unit that sends a sheet sends its report the same day (EM-REGISTER: report and sheet)
  await step("reports", `INSERT INTO "EmulationReport" ("planId", "unitId", summary, "submittedAt", "submittedBy", "importedFrom")
    SELECT s."planId", s."unitId", 'Báo cáo tổng kết (dữ liệu tổng hợp)', s."submittedOn", 'synthetic', 'synthetic volume'
    FROM syn_unit u JOIN "ScoreSheet" s ON s.id = u.self`);
  await db.query(`UPDATE "ScoreSheet" SET "baseChaptersGood" = "baseChaptersTotal" * (40 + ${pick("good", "id::text", 61)}::int) / 100 WHERE "submittedBy" = 'synthetic' AND kind = 'SELF'`);
  await step("self-scoring grades", `INSERT INTO "SheetGrade" ("sheetId", "criterionId", grade, converted)
    SELECT u.self, k.id, g.grade::"Grade", g.grade = 'A' AND ${pick("conv", "u.code || k.code", 100)} < 5
    FROM syn_unit u JOIN "ScoreSheet" s ON s.id = u.self JOIN "PlanCriterion" k ON k."planId" = u.plan
    CROSS JOIN LATERAL (SELECT CASE WHEN ${pick("grade", "u.code || k.code", 100)} < 80 + ${pick("strength", "u.code", 15)}::int THEN 'A'
      WHEN ${pick("grade", "u.code || k.code", 100)} < 93 THEN 'B' ELSE 'C' END AS grade) g`);
  await step("verified sheets", `INSERT INTO "ScoreSheet" (id, "planId", "unitId", kind, "submittedOn", "submittedBy", "baseChaptersTotal", "baseChaptersGood")
    SELECT u.verified, s."planId", s."unitId", 'VERIFIED', s."submittedOn", 'synthetic-inspection', s."baseChaptersTotal", s."baseChaptersGood"
    FROM syn_unit u JOIN "ScoreSheet" s ON s.id = u.self`);
  // the inspection team lowers about 3% of the A grades to B, each change in the audit trail
  await step("verified grades", `INSERT INTO "SheetGrade" ("sheetId", "criterionId", grade, converted)
    SELECT u.verified, g."criterionId", CASE WHEN g.grade = 'A' AND ${pick("lower", "u.code || g.\"criterionId\"", 100)} < 3 THEN 'B'::"Grade" ELSE g.grade END,
      g.converted AND NOT (g.grade = 'A' AND ${pick("lower", "u.code || g.\"criterionId\"", 100)} < 3)
    FROM syn_unit u JOIN "SheetGrade" g ON g."sheetId" = u.self`);
  await step("audit trail", `INSERT INTO "SheetChange" (id, "sheetId", field, "criterionId", "fromValue", "toValue", reason, "changedBy", "changedAt")
    SELECT ${uuid("'change' || v.\"sheetId\" || v.\"criterionId\"")}, v."sheetId", 'grade ' || k.code, v."criterionId", 'A', 'B',
      'Kiểm tra thực tế không đạt', 'synthetic-inspection', timestamp '2024-12-15 09:00'
    FROM "SheetGrade" v JOIN "SheetGrade" s ON s."criterionId" = v."criterionId" JOIN syn_unit u ON u.verified = v."sheetId" AND u.self = s."sheetId"
    JOIN "PlanCriterion" k ON k.id = v."criterionId" WHERE s.grade = 'A' AND v.grade = 'B'`);
  await db.query(`ANALYZE "ScoreSheet"; ANALYZE "SheetGrade"; ANALYZE "SheetChange"; DROP TABLE syn_unit; DROP TABLE syn_plan;`);
}
