// docs/domain.md §2 HA-TARGETS, HA-CALENDAR, HA-CAMPAIGNS, ORG-VALUE, ORG-REFORM through the gateway:
// one request returns a province's communes with addresses by status, support value in the
// reporting year and each HA indicator's actual, target and rules, with organization's and
// blood's figures beside them; the humanitarian figures are checked against an independent
// computation from raw rows, as it was (Bình Phước 2023) and restated (Bình Phước is now part of
// Đồng Nai); 24 vs 25 November; statement counts that do not grow with chapters.
import type { HumanitarianPrisma } from "@chapters/humanitarian";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestStack, type TestStack } from "@chapters/stack/testing";

let t: TestStack;
let db: HumanitarianPrisma;
const ids = new Map<string, string>();
const admin = { chapter: "TW", role: "ADMIN" as const };

beforeAll(async () => {
  // partners and screens send ad-hoc queries here: these tests are about the subgraph's own rules
  t = await startTestStack({ gateway: { registeredOnly: [] } });
  db = t.stack.services.humanitarian!.database.prisma as HumanitarianPrisma;
  for (const row of await db.treeChapter.findMany()) ids.set(row.code, row.id);
});
afterAll(async () => t?.stop());

const DASHBOARD = `query { chapter(code: "BP", asOf: "2023-11-24") { id code
  humanitarianIndicators(year: 2023) { indicatorCode actual target { value } rules { threshold met statedBy } }
  descendants(first: 50, levels: [COMMUNE]) { nodes { id code name
    humanitarianFigures(year: 2023) { value newAddresses published addressesSupported peopleHelped addressesByStatus { status count } }
    humanitarianIndicators(year: 2023) { indicatorCode actual target { value } rules { comparison threshold met statedBy } }
    figures(year: 2023) { members { members } }
    bloodIndicators(year: 2023) { indicatorCode actual } } } } }`;

/** ORG-VALUE from raw rows: support given in [25 Nov year−1, 24 Nov year] by chapters that the
 * closure put under `chapterId` on the reference date. */
async function independentValue(chapterId: string, year: number, on: Date): Promise<number> {
  const closure = await db.treeClosure.findMany({ where: { ancestorId: chapterId } });
  const under = new Set(closure.filter((c) => c.validFrom <= on && (c.validTo === null || c.validTo > on)).map((c) => c.descendantId));
  const from = new Date(Date.UTC(year - 1, 10, 25));
  const to = new Date(Date.UTC(year, 10, 24));
  const all = await db.supportRecord.findMany();
  return all.filter((s) => under.has(s.chapterId) && s.givenOn >= from && s.givenOn <= to).reduce((sum, s) => sum + Number(s.value), 0);
}

/** Addresses supported in the year, from raw rows: addresses whose OWN chapter the closure put under
 * `chapterId` on the reference date and that were given support in the year by any chapter (so
 * a subtree's count is the sum of its chapters' and an address counts once). */
async function independentAddressesSupported(chapterId: string, year: number, on: Date): Promise<number> {
  const closure = await db.treeClosure.findMany({ where: { ancestorId: chapterId } });
  const under = new Set(closure.filter((c) => c.validFrom <= on && (c.validTo === null || c.validTo > on)).map((c) => c.descendantId));
  const from = new Date(Date.UTC(year - 1, 10, 25));
  const to = new Date(Date.UTC(year, 10, 24));
  const given = await db.supportRecord.findMany({ where: { givenOn: { gte: from, lte: to }, addressId: { not: null } }, select: { address: { select: { id: true, chapterId: true } } } });
  return new Set(given.filter((s) => under.has(s.address!.chapterId)).map((s) => s.address!.id)).size;
}

describe("HA-TARGETS dashboard across domains", () => {
  it("HA-TARGETS: one request gives each Bình Phước commune's humanitarian figures (checked from raw rows) beside organization's and blood's", async () => {
    const res = await t.query(DASHBOARD, {}, admin);
    expect(res.errors).toBeUndefined();
    const communes = res.data.chapter.descendants.nodes as any[];
    expect(communes.map((c) => c.code).sort()).toEqual(["BP.DX.TBI", "BP.DX.TPH", "BP.DX.TXU"]);
    const on = new Date(Date.UTC(2023, 10, 24));
    for (const c of communes) {
      const value = c.humanitarianIndicators.find((i: any) => i.indicatorCode === "humanitarian.value");
      expect(value.actual).toBe(await independentValue(c.id, 2023, on));
      expect(c.humanitarianFigures.value).toBe(value.actual);
      expect(c.humanitarianFigures.addressesSupported).toBe(await independentAddressesSupported(c.id, 2023, on));
      expect(c.figures).toBeTruthy();
      expect(Array.isArray(c.bloodIndicators)).toBe(true);
      const surveyed = await db.humanitarianAddress.count({ where: { chapterId: c.id, surveyedOn: { lte: on } } });
      expect(c.humanitarianFigures.addressesByStatus.find((s: any) => s.status === "SURVEYED").count).toBe(surveyed);
    }
    const tph = communes.find((c) => c.code === "BP.DX.TPH");
    expect(tph.humanitarianFigures).toMatchObject({ value: 13300000, newAddresses: 3, published: 2, addressesSupported: 2, peopleHelped: 5 });
    const province = res.data.chapter.humanitarianIndicators.find((i: any) => i.indicatorCode === "humanitarian.value");
    expect(province.actual).toBe(await independentValue(res.data.chapter.id, 2023, on));
    expect(province.actual).toBe(112500000);
    const bp = await t.query(`{ chapter(code: "BP", asOf: "2023-11-24") { id humanitarianFigures(year: 2023) { addressesSupported } } }`, {}, admin);
    expect(bp.data.chapter.humanitarianFigures.addressesSupported).toBe(await independentAddressesSupported(bp.data.chapter.id, 2023, on));
  });

  it("HA-TARGETS: rule rows apply only where the stating chapter's document reaches — a struggling commune needs 2 new addresses, the others 3", async () => {
    const res = await t.query(DASHBOARD, {}, admin);
    const rule = (code: string) =>
      (res.data.chapter.descendants.nodes as any[]).find((c) => c.code === code).humanitarianIndicators.find((i: any) => i.indicatorCode === "humanitarian.new-addresses").rules;
    expect(rule("BP.DX.TBI")).toEqual([{ comparison: "GTE", threshold: 2, met: true, statedBy: "BP" }]);
    expect(rule("BP.DX.TPH")).toEqual([{ comparison: "GTE", threshold: 3, met: true, statedBy: "BP" }]);
    expect(rule("BP.DX.TXU")).toEqual([{ comparison: "GTE", threshold: 3, met: true, statedBy: "BP" }]);
    const ts = await t.query(`{ chapter(code: "BN.TS", asOf: "2023-11-24") { humanitarianIndicators(year: 2023) { indicatorCode actual rules { threshold statedBy met } } } }`, {}, admin);
    const share = ts.data.chapter.humanitarianIndicators.find((i: any) => i.indicatorCode === "humanitarian.supported-of-surveyed-rate");
    expect(share).toMatchObject({ actual: 50, rules: [{ threshold: 80, statedBy: "BN.TS", met: false }] });
    const hp = await t.query(`{ chapter(code: "HP") { humanitarianIndicators(year: 2023) { indicatorCode rules { threshold } } } }`, {}, admin);
    expect(hp.data.chapter.humanitarianIndicators.every((i: any) => i.rules.length === 0)).toBe(true);
  });

  it("ORG-REFORM: restated, Bình Phước's 2023 value counts under Đồng Nai; as it was, Đồng Nai had none of it", async () => {
    const q = `query($r: Boolean) { chapter(code: "DN") { id humanitarianIndicators(year: 2023, restated: $r) { indicatorCode actual } } }`;
    const dnOfficer = { chapter: "DN", role: "OFFICER" as const };
    const value = (r: any) => r.data.chapter.humanitarianIndicators.find((i: any) => i.indicatorCode === "humanitarian.value").actual;
    const asItWas = await t.query(q, { r: false }, dnOfficer);
    const restated = await t.query(q, { r: true }, dnOfficer);
    expect(asItWas.errors).toBeUndefined();
    expect(value(asItWas)).toBe(await independentValue(asItWas.data.chapter.id, 2023, new Date(Date.UTC(2023, 10, 24))));
    expect(value(asItWas)).toBe(0);
    expect(value(restated)).toBe(112500000);
  });

  it("HA-CALENDAR: in Bình Phước's 2023 (seed 004) a gift on 24 November counts and one on 25 November does not; under the calendar year it counts in 2023, not 2024", async () => {
    const address = await db.humanitarianAddress.findFirstOrThrow({ where: { fullName: "Thị Bé" } });
    const sponsor = await db.sponsor.findFirstOrThrow({ where: { name: "Võ Thanh Sơn" } });
    const programme = await db.campaign.findFirstOrThrow({ where: { kind: "PROGRAMME" } });
    await db.supportRecord.create({
      data: { chapterId: address.chapterId, addressId: address.id, sponsorId: sponsor.id, campaignId: programme.id, kind: "OTHER", value: 2_000_000n, givenOn: new Date("2023-11-25"), reference: "DASH-1", recordedBy: "test" },
    });
    const q = `query($y: Int!) { chapter(code: "BP.DX", asOf: "2023-11-24") { humanitarianFigures(year: $y) { value periodFrom } } }`;
    expect((await t.query(q, { y: 2023 }, admin)).data.chapter.humanitarianFigures.value).toBe(await independentValue(ids.get("BP.DX")!, 2023, new Date(Date.UTC(2023, 10, 24))));
    const y2023 = (await t.query(q, { y: 2023 }, admin)).data.chapter.humanitarianFigures.value;
    expect(y2023).toBe(112500000);
    // the document's year is 2023's only: Bình Phước's 2024 is the calendar year, which this gift is not in
    expect((await t.query(q, { y: 2024 }, admin)).data.chapter.humanitarianFigures).toEqual({ value: 0, periodFrom: "2024-01-01" });
    const indicator = async (year: number) =>
      (await t.query(`{ chapter(code: "DN") { humanitarianIndicators(year: ${year}, restated: true) { indicatorCode actual } } }`, {}, admin)).data.chapter.humanitarianIndicators.find((i: any) => i.indicatorCode === "humanitarian.value").actual;
    expect(await indicator(2024)).toBe(0);
    // Đồng Nai (restated over Bình Phước's history) reports by calendar year: 1 January – 31 December 2023
    const all = await db.supportRecord.findMany();
    // every chapter ever under Bình Phước or Đồng Nai (the merge put the one's history in the other)
    const bpChapters = new Set((await db.treeClosure.findMany({ where: { ancestorId: { in: [ids.get("BP")!, ids.get("DN")!] } } })).map((c) => c.descendantId));
    const calendar2023 = all.filter((s) => bpChapters.has(s.chapterId) && s.givenOn >= new Date("2023-01-01") && s.givenOn <= new Date("2023-12-31")).reduce((sum, s) => sum + Number(s.value), 0);
    expect(await indicator(2023)).toBe(calendar2023);
    expect(calendar2023).toBeGreaterThan(0);
  });

  it("ORG-TREE: the humanitarian replica holds the organization's tree and follows a change made there; a new commune can record addresses at once", async () => {
    const org = t.stack.organization.database.prisma;
    expect(await db.treeClosure.count()).toBe(await org.chapterClosure.count());
    const created = await t.query(
      `mutation($p: ID!) { createChapter(chapter: { code: "DN.HNHAN", name: "Hội Chữ thập đỏ xã Hưng Nhân", level: COMMUNE, parentId: $p }, basis: { effectiveDate: "2026-01-01", decisionNumber: "12/QĐ-TW" }) { id } }`,
      { p: ids.get("DN") },
      admin,
    );
    expect(created.errors).toBeUndefined();
    await t.stack.services.humanitarian!.caughtUp!();
    const commune = await db.treeChapter.findUniqueOrThrow({ where: { code: "DN.HNHAN" } });
    expect(await db.treeClosure.count()).toBe(await org.chapterClosure.count());
    const survey = await t.query(
      `mutation($i: SurveyAddressInput!) { surveyHumanitarianAddress(input: $i) { status } }`,
      { i: { chapterId: commune.id, kind: "PERSON", category: "ORPHAN", fullName: "Lò Thị Nhi", addressLine: "Thôn 1", needs: "Mồ côi cả cha mẹ", surveyedOn: "2025-10-01" } },
      { chapter: "DN", role: "OFFICER" },
    );
    expect(survey.errors).toBeUndefined();
  });

  it("HA-TARGETS: a partner needs humanitarian-figures; a screen reads figures", async () => {
    const q = `{ chapter(code: "DN") { humanitarianIndicators(year: 2023, restated: true) { indicatorCode actual } } }`;
    expect((await t.query(q, {}, { chapter: "DN", role: "PARTNER" })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await t.query(q, {}, { chapter: "DN", role: "PARTNER", grants: ["humanitarian-figures"] })).errors).toBeUndefined();
    expect((await t.query(q, {}, { chapter: "DN", role: "SCREEN" })).errors).toBeUndefined();
  });

  it("HA-TARGETS: indicators for 3 chapters and for 40 chapters cost the same statements", async () => {
    const LIST = `query($n: Int!) { chapters(first: $n, asOf: "2023-11-24") { nodes { code
      humanitarianIndicators(year: 2023) { actual rules { met } } humanitarianFigures(year: 2023, restated: true) { value } } } }`;
    await t.query(LIST, { n: 2 }, admin);
    const measure = async (n: number) => {
      const before = t.statements("humanitarian");
      const res = await t.query(LIST, { n }, admin);
      expect(res.errors).toBeUndefined();
      expect(res.data.chapters.nodes).toHaveLength(n);
      return t.statements("humanitarian") - before;
    };
    expect(await measure(40)).toBe(await measure(3));
  });
});
