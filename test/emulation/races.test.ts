// docs/domain.md §4 EM-CONFERENCE, EM-PLAN, EM-SCORE, EM-TITLES under concurrency: 20 concurrent
// requests through the gateway at the PostgreSQL server (never the embedded database, which
// serialises requests and would hide the race). The database decides: the conference row is
// locked before the delegate count, unique indexes hold one plan per chapter and year and one
// sheet per unit, an advisory lock per (chapter, title) serialises awards before the five-year
// check; the losers get CONFLICT, never a 500 or an extra row.
import type { EmulationPrisma } from "@chapters/emulation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestStack, type GraphQLResponse, type TestStack } from "@chapters/stack/testing";
import { chapterIds, createTestPlan, gradesOf, IMPORT_RECORDS, ok } from "../support/emulation.ts";

const N = 20;
let t: TestStack;
let db: EmulationPrisma;
let ids: Map<string, string>;
const tn = { chapter: "TN", role: "OFFICER" as const };
const hp = { chapter: "HP", role: "OFFICER" as const };

beforeAll(async () => {
  t = await startTestStack({ server: true });
  db = t.stack.services.emulation!.database.prisma as EmulationPrisma;
  ids = await chapterIds(t);
}, 600_000);
afterAll(async () => t?.stop());

const codes = (responses: GraphQLResponse[]) => responses.map((r) => r.errors?.[0]?.extensions?.code ?? "OK");
const times = <T>(n: number, make: (i: number) => Promise<T>) => Promise.all(Array.from({ length: n }, (_, i) => make(i)));

describe("EM-CONFERENCE, EM-PLAN, EM-SCORE, EM-TITLES under concurrency", () => {
  it(`EM-CONFERENCE: ${N} concurrent delegates for a conference with a quota of 5: five seats, ${N - 5} CONFLICTs, five rows`, async () => {
    const conf = ok(await t.query(`mutation($i: CreateEmulationConferenceInput!) { createEmulationConference(input: $i) { id } }`, {
      i: { chapterId: ids.get("TN"), level: "PROVINCE", title: "Hội nghị điển hình tiên tiến (thử tải)", heldOn: "2026-12-21", delegateQuota: 5 },
    }, tn)).createEmulationConference;
    const add = `mutation($i: AddConferenceDelegateInput!) { addConferenceDelegate(input: $i) { delegateCount } }`;
    const responses = await times(N, (i) => t.query(add, { i: { conferenceId: conf.id, fullName: `Đại biểu số ${i + 1}`, fromChapterId: ids.get("TN.TP.QTR"), exemplar: "Điển hình tiên tiến" } }, tn));
    expect(codes(responses).filter((c) => c === "OK")).toHaveLength(5);
    expect(new Set(codes(responses))).toEqual(new Set(["OK", "CONFLICT"]));
    expect(await db.delegate.count({ where: { conferenceId: conf.id } })).toBe(5);
  });

  it(`EM-PLAN: ${N} concurrent plans for one chapter and year: one plan, the others CONFLICT`, async () => {
    const responses = await times(N, () => createTestPlan(t, hp, ids.get("HP")!, 2019).then(() => ({ data: {} }) as GraphQLResponse, (e: Error) => ({ errors: [{ message: e.message, extensions: { code: /CONFLICT/.test(e.message) ? "CONFLICT" : "OTHER" } }] }) as GraphQLResponse));
    expect(codes(responses).filter((c) => c === "OK")).toHaveLength(1);
    expect(new Set(codes(responses))).toEqual(new Set(["OK", "CONFLICT"]));
    expect(await db.emulationPlan.count({ where: { chapterId: ids.get("HP"), year: 2019 } })).toBe(1);
  });

  it(`EM-SCORE: ${N} concurrent self-scoring sheets for one unit: one sheet, the others CONFLICT; ${N} retries with one key register once`, async () => {
    const planId = await createTestPlan(t, hp, ids.get("HP")!, 2018);
    const unitId = ids.get("HP.LC")!;
    const submit = `mutation($i: SubmitEmulationSheetInput!) { submitEmulationSheet(input: $i) { id } }`;
    const responses = await times(N, (i) => t.query(submit, { i: { planId, unitId, baseChaptersTotal: 3, baseChaptersGood: 3, grades: gradesOf({ aCount: 30 + (i % 10), convertedACount: 0, cCount: 1 }) } }, hp));
    expect(codes(responses).filter((c) => c === "OK")).toHaveLength(1);
    expect(new Set(codes(responses))).toEqual(new Set(["OK", "CONFLICT"]));
    expect(await db.scoreSheet.count({ where: { planId, unitId } })).toBe(1);
    const reg = `mutation($i: RegisterForEmulationInput!) { registerForEmulation(input: $i) { registeredOn } }`;
    const retries = await times(N, () => t.query(reg, { i: { planId, unitId, idempotencyKey: "dang-ky-2018" } }, hp));
    expect(codes(retries)).toEqual(Array(N).fill("OK"));
    expect(await db.registration.count({ where: { planId } })).toBe(1);
  });

  it(`EM-REGISTER: ${N} concurrent retries of one import (a past year's records, one idempotency key) import once; without a key the twins get one row and CONFLICT`, async () => {
    const planId = await createTestPlan(t, hp, ids.get("HP")!, 2017);
    const [unitId, other] = [ids.get("HP.LC")!, ids.get("HP.HB")!];
    const record = (unit: string, key?: string) => ({
      i: { planId, unitId: unit, document: "Biên bản tổng kết thi đua năm 2017", registeredOn: "2017-02-10", report: { submittedOn: "2017-12-01", summary: "Báo cáo tổng kết năm 2017" }, idempotencyKey: key ?? null },
    });
    const retries = await times(N, () => t.query(IMPORT_RECORDS, record(unitId, "nhap-2017-le-chan"), hp));
    expect(codes(retries)).toEqual(Array(N).fill("OK"));
    const twins = await times(N, () => t.query(IMPORT_RECORDS, record(other), hp));
    expect(codes(twins).filter((c) => c === "OK")).toHaveLength(1);
    expect(new Set(codes(twins))).toEqual(new Set(["OK", "CONFLICT"]));
    expect(await db.registration.count({ where: { planId } })).toBe(2);
    expect(await db.emulationReport.count({ where: { planId } })).toBe(2);
  });

  it(`EM-TITLES: ${N} concurrent retries of one nomination with one idempotency key make one nomination, and every retry gets its id`, async () => {
    const nominate = `mutation($i: NominateForTitleInput!) { nominateForTitle(input: $i) { id } }`;
    const input = { title: "CARING_COMMUNITY", nominee: "Khu phố Hòa Bình", year: 2026, achievements: "Chăm lo cho các hộ khó khăn trên địa bàn", fromChapterId: ids.get("HP.HB.HVT"), idempotencyKey: "de-cu-hoa-binh" };
    const retries = await times(N, () => t.query(nominate, { i: input }, hp));
    expect(codes(retries)).toEqual(Array(N).fill("OK"));
    expect(new Set(retries.map((r) => r.data.nominateForTitle.id)).size).toBe(1);
    expect(await db.titleNomination.count({ where: { nominee: "Khu phố Hòa Bình" } })).toBe(1);
  });

  it(`EM-TITLES: ${N} concurrent awards by Hải Phòng in 2025–2028 (already awarded in 2024; twice per 5 years): no five-year window ends up with more than two award years`, async () => {
    const nominate = `mutation($i: NominateForTitleInput!) { nominateForTitle(input: $i) { id } }`;
    const nominations = await times(N, async (i) => ok(await t.query(nominate, { i: { title: "GOOD_PERSON_GOOD_DEED", nominee: `Người tốt số ${i + 1}`, year: 2025 + (i % 4), achievements: "Giúp đỡ nhiều hộ nghèo trên địa bàn phường", fromChapterId: ids.get("HP.HB.HVT") } }, hp)).nominateForTitle.id);
    const decide = `mutation($i: DecideTitleNominationInput!) { decideTitleNomination(input: $i) { id } }`;
    const responses = await times(N, (i) => t.query(decide, { i: { nominationId: nominations[i], chapterId: ids.get("HP"), decision: "AWARDED", year: 2025 + (i % 4), note: "Tôn vinh cấp thành phố" } }, hp));
    expect(new Set(codes(responses))).toEqual(new Set(["OK", "CONFLICT"]));
    const awarded = await db.titleDecision.findMany({ where: { chapterId: ids.get("HP"), decision: "AWARDED" }, select: { year: true } });
    const years = [...new Set(awarded.map((a) => a.year))].sort();
    expect(years[0]).toBe(2024);
    for (let start = 2020; start <= 2028; start++) expect(years.filter((y) => y >= start && y < start + 5).length, `window from ${start}`).toBeLessThanOrEqual(2);
    expect(years).toHaveLength(2);
    const conflict = responses.find((r) => r.errors)!;
    expect(conflict.errors![0]!.message).toContain("at most 2 year(s) per 5 years");
  });
});
