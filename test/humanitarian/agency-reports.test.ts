// docs/domain.md §2 HA-CALENDAR: reports are due from the bodies the document names — seed 004 §V.2:
// Bình Phước's steering-committee member agencies (departments, unions, mass organisations; not
// chapters of the tree) send the half-year report (before 30 May) and the annual one (before 30
// November), in the campaign's year 2023. The agencies are rows under Bình Phước, in its slice; a
// report received from one is recorded by the province's officer and shows as received, late or
// missing like a chapter's. Checked through the gateway against an independent SQL computation.
import type { HumanitarianPrisma } from "@chapters/humanitarian";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestStack, type TestStack } from "@chapters/stack/testing";

let t: TestStack;
let db: HumanitarianPrisma;
const ids = new Map<string, string>();
const admin = { chapter: "TW", role: "ADMIN" as const };
// Bình Phước merged into Đồng Nai in the 2025 reform: Đồng Nai's officer is the province's officer today
const dnOfficer = { chapter: "DN", role: "OFFICER" as const };
const hpOfficer = { chapter: "HP", role: "OFFICER" as const };

beforeAll(async () => {
  t = await startTestStack();
  db = t.stack.services.humanitarian!.database.prisma as HumanitarianPrisma;
  for (const row of await db.treeChapter.findMany()) ids.set(row.code, row.id);
});
afterAll(async () => t?.stop());

const LIST = `query($y: Int!, $c: ID, $first: Int) { steeringAgencyReports(year: $y, chapterId: $c, first: $first) { totalCount
  edges { node { agency { id code name source chapter { id } } kind dueOn periodFrom periodTo source submitted submittedOn submittedBy late } } } }`;
const RECORD = `mutation($i: RecordSteeringAgencyReportInput!) { recordSteeringAgencyReport(input: $i) { agency { code } kind dueOn submitted submittedOn late } }`;

const list = async (year: number, chapter: string | null, caller: { chapter: string; role: "ADMIN" | "OFFICER" | "VIEWER" } = admin) => {
  const res = await t.query(LIST, { y: year, c: chapter ? ids.get(chapter) : null, first: 100 }, caller);
  expect(res.errors).toBeUndefined();
  return res.data.steeringAgencyReports as { totalCount: number; edges: { node: any }[] };
};

/** Independent SQL: each agency's reports of a year under a chapter, with the day due (the day before
 * the document's "before" day) and its state: MISSING (none recorded), LATE (arrived after the due
 * day) or RECEIVED. */
const bySql = async (chapter: string, year: number) =>
  db.$queryRawUnsafe<{ code: string; kind: string; dueOn: string; state: string }[]>(
    `SELECT a.code, d.kind::text AS kind, to_char(make_date($2, d."beforeMonth", d."beforeDay") - 1, 'YYYY-MM-DD') AS "dueOn",
       CASE WHEN r.id IS NULL THEN 'MISSING' WHEN r."receivedOn" > make_date($2, d."beforeMonth", d."beforeDay") - 1 THEN 'LATE' ELSE 'RECEIVED' END AS state
     FROM "SteeringAgency" a JOIN "AgencyReportDuty" d ON d."chapterId" = a."chapterId" AND $2 BETWEEN d."fromYear" AND d."toYear"
     LEFT JOIN "AgencyReport" r ON r."agencyId" = a.id AND r.year = $2 AND r.kind = d.kind
     WHERE a."chapterId" = $1::uuid AND $2 BETWEEN a."fromYear" AND a."toYear"
     ORDER BY a.code, d.kind`,
    ids.get(chapter), year);

const state = (n: any) => (!n.submitted ? "MISSING" : n.late ? "LATE" : "RECEIVED");
const asRows = (edges: { node: any }[]) =>
  edges.map(({ node: n }) => ({ code: n.agency.code, kind: n.kind, dueOn: n.dueOn, state: state(n) })).sort((a, b) => a.code.localeCompare(b.code) || a.kind.localeCompare(b.kind));

describe("HA-CALENDAR the steering committee's member agencies report too", () => {
  it("HA-CALENDAR: Bình Phước's member agencies (seed 004 §IV, §V.2) owe the 2023 half-year and annual reports only, due the day before the seed's day, beside the chapters' — equal to an independent SQL computation", async () => {
    const page = await list(2023, "BP");
    const expected = await bySql("BP", 2023);
    // the agencies seed 004 §IV names (items 2–13, item 13 two of them), two reports each
    expect(expected.length).toBe(26);
    expect(page.totalCount).toBe(expected.length);
    expect(asRows(page.edges)).toEqual([...expected].sort((a, b) => a.code.localeCompare(b.code) || a.kind.localeCompare(b.kind)));
    expect(new Set(page.edges.map((e) => e.node.kind))).toEqual(new Set(["HALF_YEAR", "ANNUAL"]));
    const mttq = page.edges.filter((e) => e.node.agency.code === "MTTQ").map((e) => e.node);
    expect(mttq.map((n) => [n.kind, n.dueOn, n.periodFrom, n.periodTo])).toEqual([
      ["HALF_YEAR", "2023-05-29", "2022-11-25", "2023-05-29"],
      ["ANNUAL", "2023-11-29", "2022-11-25", "2023-11-24"],
    ]);
    expect(mttq[0]).toMatchObject({ agency: { name: "Ủy ban MTTQVN tỉnh", source: expect.stringContaining("IV.2"), chapter: { id: ids.get("BP") } }, source: expect.stringContaining("V.2"), submitted: false, late: null });
    // the chapters' own reports are unchanged beside them: Đồng Xoài's district still owes all six
    const dx = await t.query(`query($c: ID!) { chapter(id: $c) { humanitarianReports(year: 2023) { kind } } }`, { c: ids.get("BP.DX") }, admin);
    expect(dx.data.chapter.humanitarianReports).toHaveLength(6);
    // pages are cut in SQL: two at a time, the same total
    const two = await t.query(LIST, { y: 2023, c: ids.get("BP"), first: 2 }, admin);
    expect(two.data.steeringAgencyReports).toMatchObject({ totalCount: 26, edges: [{ node: { agency: { code: page.edges[0]!.node.agency.code } } }, {}] });
  });

  it("HA-CALENDAR: only inside the rule's scope — a commune, another province and Bình Phước's other years see no agency report", async () => {
    for (const [year, chapter] of [[2023, "BP.DX"], [2023, "BP.DX.TBI"], [2023, "HP"], [2024, "BP"], [2022, "BP"], [2024, null]] as const) {
      expect((await list(year, chapter)).totalCount, `${chapter} ${year}`).toBe(0);
    }
    // Hải Phòng's officer sees none of them, even asking for Bình Phước
    expect((await list(2023, null, hpOfficer)).totalCount).toBe(0);
    expect((await list(2023, "BP", hpOfficer)).totalCount).toBe(0);
    // Đồng Nai's officer (Bình Phước's history went to Đồng Nai) sees all of them, from Đồng Nai too
    expect((await list(2023, null, dnOfficer)).totalCount).toBe(26);
    expect((await list(2023, "DN", dnOfficer)).totalCount).toBe(26);
  });

  it("HA-CALENDAR: the province's officer records an agency's report on its behalf; it shows as received, late or missing like a chapter's, equal to SQL; a retry with its key counts once, a second one is CONFLICT, and each is audited", async () => {
    const agencies = new Map((await list(2023, "BP")).edges.map((e) => [e.node.agency.code, e.node.agency.id as string]));
    const onTime = await t.query(RECORD, { i: { agencyId: agencies.get("MTTQ"), year: 2023, kind: "HALF_YEAR", receivedOn: "2023-05-29", idempotencyKey: "ag-1" } }, dnOfficer);
    expect(onTime.errors).toBeUndefined();
    expect(onTime.data.recordSteeringAgencyReport).toMatchObject({ agency: { code: "MTTQ" }, kind: "HALF_YEAR", dueOn: "2023-05-29", submitted: true, submittedOn: "2023-05-29", late: false });
    const late = await t.query(RECORD, { i: { agencyId: agencies.get("LDLD"), year: 2023, kind: "ANNUAL", receivedOn: "2023-11-30" } }, dnOfficer);
    expect(late.data.recordSteeringAgencyReport).toMatchObject({ submitted: true, late: true });
    // the same request again with its key: the same answer, one row
    const retry = await t.query(RECORD, { i: { agencyId: agencies.get("MTTQ"), year: 2023, kind: "HALF_YEAR", receivedOn: "2023-05-29", idempotencyKey: "ag-1" } }, dnOfficer);
    expect(retry.errors).toBeUndefined();
    expect(retry.data.recordSteeringAgencyReport).toEqual(onTime.data.recordSteeringAgencyReport);
    const again = await t.query(RECORD, { i: { agencyId: agencies.get("MTTQ"), year: 2023, kind: "HALF_YEAR", receivedOn: "2023-06-01" } }, dnOfficer);
    expect(again.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect(await db.agencyReport.count()).toBe(2);

    const page = await list(2023, "BP");
    const expected = await bySql("BP", 2023);
    expect(asRows(page.edges)).toEqual([...expected].sort((a, b) => a.code.localeCompare(b.code) || a.kind.localeCompare(b.kind)));
    expect(expected.filter((r) => r.state !== "MISSING").map((r) => [r.code, r.kind, r.state])).toEqual([["LDLD", "ANNUAL", "LATE"], ["MTTQ", "HALF_YEAR", "RECEIVED"]]);
    expect(page.edges.find((e) => e.node.agency.code === "MTTQ" && e.node.kind === "HALF_YEAR")!.node.submittedBy).toBeTruthy();

    const [audits] = await db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "AuditEntry" WHERE operation = 'recordSteeringAgencyReport' AND outcome = 'OK'`);
    expect(audits!.n).toBeGreaterThanOrEqual(2);
  });

  it("HA-CALENDAR: bad input names the field and writes nothing; an outsider gets NOT_FOUND", async () => {
    const agencyId = (await list(2023, "BP")).edges.find((e) => e.node.agency.code === "HND")!.node.agency.id;
    const cases: [Record<string, unknown>, string, string][] = [
      [{ kind: "QUARTER_1" }, "BAD_USER_INPUT", "input.kind"], // agencies owe no quarterly report
      [{ year: 2024 }, "BAD_USER_INPUT", "input.kind"], // outside the document's year
      [{ receivedOn: "2099-01-01" }, "BAD_USER_INPUT", "input.receivedOn"],
      [{ receivedOn: "2022-11-24" }, "BAD_USER_INPUT", "input.receivedOn"], // before the reporting year began
      [{ agencyId: "not-a-uuid" }, "BAD_USER_INPUT", "input.agencyId"],
    ];
    for (const [change, code, field] of cases) {
      const res = await t.query(RECORD, { i: { agencyId, year: 2023, kind: "ANNUAL", receivedOn: "2023-11-20", ...change } }, dnOfficer);
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(change)).toBe(code);
      expect(res.errors?.[0]?.message, JSON.stringify(change)).toContain(field);
    }
    const outsider = await t.query(RECORD, { i: { agencyId, year: 2023, kind: "ANNUAL", receivedOn: "2023-11-20" } }, hpOfficer);
    expect(outsider.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect(await db.agencyReport.count({ where: { agencyId } })).toBe(0);
  });
});
