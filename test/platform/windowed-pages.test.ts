// Lists under many parents (docs/architecture.md, "One pagination"): a chapter's children, people,
// organisations, clubs and fund ledger; a campaign's targets and an address's support records; a
// plan's criteria, results and sheets, a sheet's changes and a conference's delegates. Each is one
// windowed statement for every parent through core's windowedPages. Asked through the gateway for
// many parents in one request, a page in the middle and a page past the end of every list carry
// the list's true totalCount and the rows an independent SQL reading gives (no window function:
// every row, ordered, cut in JavaScript), and the statements a request costs do not grow with the
// number of parents.
import { formatIsoDate, todayInVietnam } from "@chapters/core";
import { startTestStack, type TestStack } from "@chapters/stack/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let t: TestStack;
beforeAll(async () => {
  // one request asks two pages of twelve lists under every parent: far past the shape limits a
  // client gets (the limits have their own tests in test/gateway/limits.test.ts)
  const big = 1_000_000;
  t = await startTestStack({ gateway: { limits: { maxAliases: big, maxTokens: big, maxCost: big, maxFields: big, maxBodyBytes: big } } });
}, 240_000);
afterAll(async () => t?.stop());

type Raw = { $queryRawUnsafe<T>(query: string, ...values: unknown[]): Promise<T> };
const db = (subgraph: string) => t.stack.services[subgraph]!.database.prisma as Raw;
const admin = { chapter: "TW", role: "ADMIN" as const };

const ON = formatIsoDate(todayInVietnam());
const FROM = "2000-01-01";
const TO = "2099-12-31";
const cursor = (index: number) => Buffer.from(`OffsetConnection:${index}`).toString("base64");
/** the third and fourth items (past the end of a list of two or fewer), and far past every list's end */
const PAGES = { mid: { after: 1, offset: 2, first: 2 }, far: { after: 99_999, offset: 100_000, first: 2 } } as const;

interface List {
  name: string;
  subgraph: string;
  /** the connection field's selection, its nodes reduced to one key */
  field: (alias: string, after: string) => string;
  key: (node: any) => string;
  /** every (parent, key) row of the list, in the list's order, read without a window function */
  rows: string;
}

const page = (alias: string, field: string, after: string, nodes: string) => `${alias}: ${field}first: 2, after: "${after}") { totalCount nodes { ${nodes} } }`;

const ORGANIZATION: List[] = [
  { name: "children", subgraph: "organization", field: (a, c) => page(a, "children(", c, "id"), key: (n) => n.id,
    rows: `SELECT v."parentId"::text AS parent, c.id::text AS key FROM "ChapterVersion" v JOIN "Chapter" c ON c.id = v."chapterId"
      WHERE v."parentId" IS NOT NULL AND v."validFrom" <= $1::date AND (v."validTo" IS NULL OR v."validTo" > $1::date) ORDER BY c.code` },
  { name: "people", subgraph: "organization", field: (a, c) => page(a, `people(asOf: "${ON}", `, c, "id"), key: (n) => n.id,
    rows: `SELECT m."chapterId"::text AS parent, m.id::text AS key FROM "Membership" m JOIN "Person" p ON p.id = m."personId"
      WHERE m."joinedOn" <= $1::date AND (m."leftOn" IS NULL OR m."leftOn" > $1::date) ORDER BY p."searchName", m.id` },
  { name: "organisations", subgraph: "organization", field: (a, c) => page(a, `organisations(asOf: "${ON}", `, c, "id"), key: (n) => n.id,
    rows: `SELECT o."chapterId"::text AS parent, o.id::text AS key FROM "Organisation" o
      WHERE o."listedOn" <= $1::date AND (o."delistedOn" IS NULL OR o."delistedOn" > $1::date) ORDER BY o.name, o.id` },
  { name: "clubs", subgraph: "organization", field: (a, c) => page(a, `clubs(asOf: "${ON}", `, c, "id"), key: (n) => n.id,
    rows: `SELECT c."chapterId"::text AS parent, c.id::text AS key FROM "Club" c WHERE c."foundedOn" <= $1::date ORDER BY c.name, c.id` },
  { name: "fundLedger", subgraph: "organization", field: (a, c) => page(a, `fundLedger(from: "${FROM}", to: "${TO}", `, c, "id"), key: (n) => n.id,
    rows: `SELECT e."chapterId"::text AS parent, e.id::text AS key FROM "FundEntry" e
      WHERE e."entryDate" >= '${FROM}'::date AND e."entryDate" <= '${TO}'::date AND $1::date IS NOT NULL ORDER BY e."entryDate", e.id` },
];
/** Humanitarian records the whole tree's admin sees (ORG-REFORM): those of a chapter that exists
 * today, or of one whose history went to such a chapter — merged into it (through any chain of
 * mergers), or dissolved, its area passing to the chapter it stood under when it ended. Walked
 * backwards from today's chapters over those two kinds of edge. */
const TODAY_OR_HISTORY = `WITH RECURSIVE ended(id, "endedOn") AS (
    SELECT o."descendantId", max(o."validTo") FROM "TreeClosure" o WHERE o.depth = 0
    GROUP BY o."descendantId" HAVING bool_and(o."validTo" IS NOT NULL AND o."validTo" <= $1::date)),
  went(src, dst) AS (
    SELECT m."predecessorId", m."successorId" FROM "TreeSuccession" m WHERE m.kind = 'MERGE'
    UNION
    SELECT e.id, up."ancestorId" FROM ended e JOIN "TreeClosure" up ON up."descendantId" = e.id AND up.depth = 1 AND up."validTo" = e."endedOn"
    WHERE NOT EXISTS (SELECT 1 FROM "TreeSuccession" m WHERE m."predecessorId" = e.id AND m.kind = 'MERGE')),
  visible(id) AS (
    SELECT c."descendantId" FROM "TreeClosure" c WHERE c.depth = 0 AND c."validFrom" <= $1::date AND (c."validTo" IS NULL OR c."validTo" > $1::date)
    UNION SELECT w.src FROM went w JOIN visible v ON w.dst = v.id)`;
const CAMPAIGN: List[] = [
  { name: "targets", subgraph: "humanitarian", field: (a, c) => page(a, "targets(", c, "chapter { id }"), key: (n) => n.chapter.id,
    rows: `${TODAY_OR_HISTORY} SELECT t."campaignId"::text AS parent, t."chapterId"::text AS key FROM "CampaignTarget" t JOIN "TreeChapter" tc ON tc.id = t."chapterId"
      WHERE t."chapterId" IN (SELECT id FROM visible) ORDER BY tc.code, t."chapterId"` },
];
const ADDRESS: List[] = [
  { name: "supports", subgraph: "humanitarian", field: (a, c) => page(a, "supports(", c, "id"), key: (n) => n.id,
    rows: `${TODAY_OR_HISTORY} SELECT s."addressId"::text AS parent, s.id::text AS key FROM "SupportRecord" s
      WHERE s."addressId" IS NOT NULL AND s."chapterId" IN (SELECT id FROM visible) ORDER BY s."givenOn" DESC, s.id` },
];
const PLAN: List[] = [
  { name: "criteria", subgraph: "emulation", field: (a, c) => page(a, "criteria(", c, "code"), key: (n) => n.code,
    rows: `SELECT "planId"::text AS parent, code AS key FROM "PlanCriterion" WHERE $1::date IS NOT NULL ORDER BY position` },
  { name: "results", subgraph: "emulation", field: (a, c) => page(a, "results(", c, "unit { id }"), key: (n) => n.unit.id,
    rows: `SELECT r."planId"::text AS parent, r."unitId"::text AS key FROM "EmulationResult" r LEFT JOIN "TreeChapter" t ON t.id = r."unitId"
      WHERE $1::date IS NOT NULL ORDER BY r.class, t.code, r."unitId"` },
  { name: "sheets", subgraph: "emulation", field: (a, c) => page(a, "sheets(kind: SELF, ", c, "id"), key: (n) => n.id,
    rows: `SELECT s."planId"::text AS parent, s.id::text AS key FROM "ScoreSheet" s LEFT JOIN "TreeChapter" t ON t.id = s."unitId"
      WHERE s.kind::text = 'SELF' AND $1::date IS NOT NULL ORDER BY t.code, s."unitId"` },
];
const SHEET: List[] = [
  { name: "changes", subgraph: "emulation", field: (a, c) => page(a, "changes(", c, "id"), key: (n) => n.id,
    rows: `SELECT h."sheetId"::text AS parent, h.id::text AS key FROM "SheetChange" h WHERE $1::date IS NOT NULL ORDER BY h."changedAt", h.id` },
];
const CONFERENCE: List[] = [
  { name: "delegates", subgraph: "emulation", field: (a, c) => page(a, "delegates(", c, "id"), key: (n) => n.id,
    rows: `SELECT "conferenceId"::text AS parent, id::text AS key FROM "Delegate" WHERE $1::date IS NOT NULL ORDER BY "createdAt", id` },
];
const LISTS = [...ORGANIZATION, ...CAMPAIGN, ...ADDRESS, ...PLAN, ...SHEET, ...CONFERENCE];

const fields = (lists: List[]) =>
  lists.flatMap((l) => Object.entries(PAGES).map(([which, p]) => l.field(`${which}_${l.name}`, cursor(p.after)))).join("\n");

/** One request: `n` chapters, and the first `n` campaigns, addresses, plans (with all their
 * verified sheets) and conferences, each parent asking both pages of each of its lists. */
function request(n: number, ids: Record<"campaigns" | "addresses" | "plans" | "conferences", string[]>): string {
  const byId = (root: string, list: string[], lists: List[], more = "") =>
    list.slice(0, n).map((id, i) => `${root}_${i}: ${root}(id: "${id}") { id ${fields(lists)} ${more} }`).join("\n");
  return `{
    chapters(first: ${n}, asOf: "${ON}") { nodes { id ${fields(ORGANIZATION)} } }
    ${byId("campaign", ids.campaigns, CAMPAIGN)}
    ${byId("humanitarianAddress", ids.addresses, ADDRESS)}
    ${byId("emulationPlan", ids.plans, PLAN, `verified: sheets(kind: VERIFIED, first: 1000) { nodes { id ${fields(SHEET)} } }`)}
    ${byId("emulationConference", ids.conferences, CONFERENCE)}
  }`;
}

/** Every parent object of the response with the lists it carries. */
function parentsOf(data: any): { id: string; lists: List[]; value: any }[] {
  const out: { id: string; lists: List[]; value: any }[] = data.chapters.nodes.map((c: any) => ({ id: c.id, lists: ORGANIZATION, value: c }));
  for (const [key, value] of Object.entries<any>(data)) {
    if (key.startsWith("campaign_")) out.push({ id: value.id, lists: CAMPAIGN, value });
    if (key.startsWith("humanitarianAddress_")) out.push({ id: value.id, lists: ADDRESS, value });
    if (key.startsWith("emulationConference_")) out.push({ id: value.id, lists: CONFERENCE, value });
    if (key.startsWith("emulationPlan_")) {
      out.push({ id: value.id, lists: PLAN, value });
      for (const sheet of value.verified.nodes) out.push({ id: sheet.id, lists: SHEET, value: sheet });
    }
  }
  return out;
}

const statements = () => Object.fromEntries(["organization", "humanitarian", "emulation"].map((s) => [s, t.statements(s)]));

async function ask(n: number, ids: Parameters<typeof request>[1]) {
  const before = statements();
  const res = await t.query(request(n, ids), {}, admin);
  expect(res.errors).toBeUndefined();
  const after = statements();
  return { data: res.data, statements: Object.fromEntries(Object.keys(after).map((s) => [s, after[s]! - before[s]!])) };
}

describe("one pagination: lists under many parents", () => {
  let ids: Parameters<typeof request>[1];
  let expected: Map<string, Map<string, string[]>>;
  beforeAll(async () => {
    // the parents a caller sees (the central admin: the whole tree), read through the gateway
    const seen = await t.query(`{
      campaigns(first: 1000) { nodes { id } }
      humanitarianAddresses(first: 1000) { nodes { id } }
      chapters(first: 1000, asOf: "${ON}") { nodes { emulationPlans { id } emulationConferences { id } } }
    }`, {}, admin);
    expect(seen.errors).toBeUndefined();
    const idsOf = (nodes: { id: string }[]) => [...new Set(nodes.map((n) => n.id))];
    ids = {
      campaigns: idsOf(seen.data.campaigns.nodes),
      addresses: idsOf(seen.data.humanitarianAddresses.nodes),
      plans: idsOf(seen.data.chapters.nodes.flatMap((c: any) => c.emulationPlans)),
      conferences: idsOf(seen.data.chapters.nodes.flatMap((c: any) => c.emulationConferences)),
    };
    expected = new Map();
    for (const list of LISTS) {
      const rows = await db(list.subgraph).$queryRawUnsafe<{ parent: string; key: string }[]>(list.rows, ON);
      const byParent = new Map<string, string[]>();
      for (const row of rows) byParent.set(row.parent, [...(byParent.get(row.parent) ?? []), row.key]);
      expected.set(list.name, byParent);
    }
  });

  it("a page in the middle and a page past the end carry each list's true total and its rows, for every parent", async () => {
    const { data } = await ask(1000, ids);
    const withRows = new Map<string, number>();
    const wrong: { where: string; got: unknown; want: unknown }[] = [];
    for (const parent of parentsOf(data)) {
      for (const list of parent.lists) {
        const all = expected.get(list.name)!.get(parent.id) ?? [];
        for (const [which, p] of Object.entries(PAGES)) {
          const got = parent.value[`${which}_${list.name}`];
          const where = `${list.name} of ${parent.id}, ${which} page`;
          const want = { totalCount: all.length, keys: all.slice(p.offset, p.offset + p.first) };
          const seen = { totalCount: got.totalCount, keys: got.nodes.map(list.key) };
          if (JSON.stringify(seen) !== JSON.stringify(want)) wrong.push({ where, got: seen, want });
        }
        if (all.length > 0) withRows.set(list.name, (withRows.get(list.name) ?? 0) + 1);
      }
    }
    expect(wrong).toEqual([]);
    // the check looks at something: every list has parents with rows in the seeded data, whose far
    // page is past the end (the case a total taken from the page's rows reads as 0)
    expect(LISTS.filter((l) => !withRows.get(l.name)).map((l) => l.name)).toEqual([]);
  }, 120_000);

  it("the statements a request costs do not grow with the number of parents", async () => {
    await ask(2, ids); // warm-up (the slice, the replica)
    const few = await ask(2, ids);
    const many = await ask(1000, ids);
    expect(parentsOf(many.data).length).toBeGreaterThan(5 * parentsOf(few.data).length);
    expect(many.statements).toEqual(few.statements);
  }, 120_000);
});
