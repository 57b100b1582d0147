// docs/domain.md §4 EM-CONFERENCE as seed 003 (Thái Nguyên) says it: each conference approves its
// own delegation to the next level's conference, within that conference's quota, all or nothing.
// EM-TITLES as seed 000 (Hải Phòng, 2023–2027) says it: the meetings of the
// "Người tốt, việc thiện" exemplars have their own frequency rows — districts once in five years,
// the city twice — beside the award limits; "Cộng đồng nhân ái" has no limit the seed states, so
// none is imposed; Hải Phòng's schedule (honouring on 23 November, mid-term review 2025, five-year
// review and city honours 2027) is data on Hải Phòng only. Through the gateway, compared with
// the emulation subgraph's own rows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestStack, type TestStack } from "@chapters/stack/testing";
import { chapterIds, ok, withSubgraphDb } from "../support/emulation.ts";

let t: TestStack;
let ids: Map<string, string>;
const hp = { chapter: "HP", role: "OFFICER" as const };

beforeAll(async () => {
  t = await startTestStack();
  ids = await chapterIds(t);
}, 600_000);
afterAll(async () => t?.stop());

const MEET = `mutation($i: RecordExemplarMeetingInput!) { recordExemplarMeeting(input: $i) { id heldOn } }`;
const meet = (code: string, heldOn: string, as: { chapter: string; role: "OFFICER" } = hp) =>
  t.query(MEET, { i: { chapterId: ids.get(code), title: "GOOD_PERSON_GOOD_DEED", heldOn, name: `Gặp mặt điển hình ${code} ${heldOn}` } }, as);

const emulationRows = <T>(text: string, values: unknown[] = []): Promise<T[]> => withSubgraphDb(t, "emulation", async (db) => (await db.query(text, values)).rows as T[]);

describe("EM-TITLES: meetings of exemplars and Hải Phòng's schedule (seed 000)", () => {
  it("EM-TITLES: Hải Phòng's schedule reads as its document says — honouring on 23 November, mid-term review 2025, five-year review and city honours 2027 — and lives on Hải Phòng only", async () => {
    const q = `query($c: String!) { chapter(code: $c) { titleSchedule { kind year month day label } } }`;
    const schedule = ok(await t.query(q, { c: "HP" }, hp)).chapter.titleSchedule as any[];
    const rows = await emulationRows<{ kind: string; year: number | null; month: number | null; day: number | null }>(
      `SELECT kind::text AS kind, year, month, day FROM "TitleMilestone" WHERE "chapterId" = $1`, [ids.get("HP")]);
    const key = (r: { kind: string; year: number | null; month: number | null; day: number | null }) => `${r.kind}|${r.year}|${r.month}|${r.day}`;
    expect(schedule.map(key).sort()).toEqual(rows.map(key).sort());
    expect(schedule.map(key).sort()).toEqual(["CITY_HONOURS|2027|null|null", "FIVE_YEAR_REVIEW|2027|null|null", "HONOURING|null|11|23", "MID_TERM_REVIEW|2025|null|null"]);
    expect(ok(await t.query(q, { c: "BN" }, { chapter: "BN", role: "OFFICER" })).chapter.titleSchedule).toEqual([]);
  });

  it("EM-TITLES: a district meets its exemplars once in five years, the city twice; wards after the reform and other provinces have no row, so no limit", async () => {
    // the demo: Hồng Bàng met on 20 Nov 2024, the city on 23 Nov 2024
    const again = await meet("HP.HB", "2025-05-10");
    expect(again.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect(again.errors?.[0]?.message).toContain("at most 1 meeting(s) of the title's exemplars per 5 years");
    ok(await meet("HP.LC", "2024-12-01"));
    expect((await meet("HP.LC", "2025-03-01")).errors?.[0]?.extensions?.code).toBe("CONFLICT");
    ok(await meet("HP", "2026-11-23"));
    const third = await meet("HP", "2027-11-23");
    expect(third.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect(third.errors?.[0]?.message).toContain("at most 2 meeting(s)");
    // a ward directly under Hải Phòng after 1 July 2025 is not a district: no row applies
    ok(await meet("HP.HB.HVT", "2025-11-20"));
    ok(await meet("HP.HB.HVT", "2026-11-20"));
    // Bắc Ninh's documents state no frequency: no limit
    const bn = { chapter: "BN", role: "OFFICER" as const };
    ok(await meet("BN", "2024-05-01", bn));
    ok(await meet("BN", "2024-11-23", bn));
    ok(await meet("BN", "2025-11-23", bn));
    // what was refused changed nothing: the rows equal the meetings accepted
    const counts = await emulationRows<{ code: string; n: number }>(`SELECT t.code, count(*)::int AS n FROM "ExemplarMeeting" m JOIN "TreeChapter" t ON t.id = m."chapterId" GROUP BY t.code`);
    expect(Object.fromEntries(counts.map((c) => [c.code, c.n]))).toEqual({ "HP.HB": 1, "HP.LC": 1, HP: 2, "HP.HB.HVT": 2, BN: 3 });
    const listed = ok(await t.query(`{ chapter(code: "HP") { exemplarMeetings { heldOn title } } }`, {}, hp)).chapter.exemplarMeetings;
    expect(listed.map((m: any) => m.heldOn)).toEqual(["2024-11-23", "2026-11-23"]);
  });

  it("EM-TITLES: 'Cộng đồng nhân ái' has no award limit of its own (seed 000 states one for 'Người tốt, việc thiện' only): Hải Phòng awards it in three years of one window, while a third 'Người tốt, việc thiện' award year in the window is refused", async () => {
    const nominate = `mutation($i: NominateForTitleInput!) { nominateForTitle(input: $i) { id } }`;
    const decide = `mutation($i: DecideTitleNominationInput!) { decideTitleNomination(input: $i) { id } }`;
    const award = async (title: string, year: number) => {
      const id = ok(await t.query(nominate, { i: { title, nominee: `Đề cử ${title} ${year}`, year, achievements: "Giúp đỡ nhiều hộ khó khăn trên địa bàn phường", fromChapterId: ids.get("HP.HB.HVT") } }, hp)).nominateForTitle.id;
      return t.query(decide, { i: { nominationId: id, chapterId: ids.get("HP"), decision: "AWARDED", year, note: "Tôn vinh cấp thành phố" } }, hp);
    };
    for (const year of [2025, 2026, 2027]) ok(await award("CARING_COMMUNITY", year));
    // the demo awarded "Người tốt, việc thiện" in 2024: 2025 is the second year, 2026 a third
    ok(await award("GOOD_PERSON_GOOD_DEED", 2025));
    expect((await award("GOOD_PERSON_GOOD_DEED", 2026)).errors?.[0]?.extensions?.code).toBe("CONFLICT");
    const limits = await emulationRows<{ title: string }>(`SELECT DISTINCT title::text AS title FROM "TitleLimitRule"`);
    expect(limits.map((l) => l.title)).toEqual(["GOOD_PERSON_GOOD_DEED"]);
  });
});

describe("EM-CONFERENCE: each conference approves its delegation to the next level's (seed 003)", () => {
  const tn = { chapter: "TN", role: "OFFICER" as const };
  const CREATE = `mutation($i: CreateEmulationConferenceInput!) { createEmulationConference(input: $i) { id } }`;
  const APPROVE = `mutation($i: ApproveConferenceDelegationInput!) { approveConferenceDelegation(input: $i) { id delegateCount } }`;
  const conference = async (code: string, level: string, heldOn: string, extra: object = {}) =>
    ok(await t.query(CREATE, { i: { chapterId: ids.get(code), level, title: `Hội nghị điển hình tiên tiến ${code} ${heldOn}`, heldOn, ...extra } }, tn)).createEmulationConference.id as string;
  const people = (code: string, names: string[]) => names.map((fullName) => ({ fullName, fromChapterId: ids.get(code), exemplar: "Điển hình tiên tiến trong hoạt động nhân đạo" }));

  it("EM-CONFERENCE EM-TITLES: an honouree carries its own chapter — the conference's by default, or one below it — and the title or form of commendation it receives; a chapter beside or above the conference is refused on input.chapterId and adds nothing", async () => {
    const tn = { chapter: "TN", role: "OFFICER" as const };
    const LIST = `{ chapter(code: "TN.TP") { emulationConferences(year: 2020) { id honourees { name chapter { code } title titleLabel commendation } } } }`;
    const [city] = ok(await t.query(LIST, {}, tn)).chapter.emulationConferences as any[];
    // the demo: each honouree's chapter is the one its delegate record names
    expect(city.honourees.map((h: any) => [h.name, h.chapter.code])).toEqual([["Hội Chữ thập đỏ phường Quang Trung", "TN.TP.QTR"], ["Trần Văn Thắng", "TN.TP.QTR"], ["Lê Minh Đức", "TN.TP"]]);
    const ADD = `mutation($i: AddHonoureeInput!) { addHonouree(input: $i) { name chapter { code } title titleLabel commendation } }`;
    const add = (extra: Record<string, unknown>) => t.query(ADD, { i: { conferenceId: city.id, kind: "INDIVIDUAL", name: "Phạm Thị Lụa", citation: "Vận động 40 lượt hiến máu", ...extra } }, tn);
    expect(ok(await add({ chapterId: ids.get("TN.TP.PDP"), title: "GOOD_PERSON_GOOD_DEED" })).addHonouree).toEqual({ name: "Phạm Thị Lụa", chapter: { code: "TN.TP.PDP" }, title: "GOOD_PERSON_GOOD_DEED", titleLabel: "Người tốt, việc thiện", commendation: null });
    expect(ok(await add({ commendation: "Giấy khen của Hội Chữ thập đỏ tỉnh Thái Nguyên" })).addHonouree).toEqual({ name: "Phạm Thị Lụa", chapter: { code: "TN.TP" }, title: null, titleLabel: null, commendation: "Giấy khen của Hội Chữ thập đỏ tỉnh Thái Nguyên" });
    for (const outside of ["TN", "HP"]) {
      const refused = await add({ chapterId: ids.get(outside) });
      expect(refused.errors?.[0]?.extensions?.code, outside).toBe("BAD_USER_INPUT");
      expect(JSON.stringify(refused.errors?.[0]?.extensions), outside).toContain("chapterId");
    }
    const rows = await emulationRows<{ n: number }>(`SELECT count(*)::int AS n FROM "Honouree" WHERE "conferenceId" = $1`, [city.id]);
    expect(rows[0]!.n).toBe(5);
  });

  it("EM-CONFERENCE: the demo's delegates were each approved by a conference of the level below, hosted below the conference they go to", async () => {
    const rows = await emulationRows<{ upper: string; lower: string | null; upperChapter: string; lowerChapter: string | null; upperOn: Date; lowerOn: Date | null }>(
      `SELECT u.level::text AS upper, l.level::text AS lower, u."chapterId"::text AS "upperChapter", l."chapterId"::text AS "lowerChapter", u."heldOn" AS "upperOn", l."heldOn" AS "lowerOn"
       FROM "Delegate" d JOIN "Conference" u ON u.id = d."conferenceId" LEFT JOIN "Conference" l ON l.id = d."approvedAtId"`);
    expect(rows.length).toBeGreaterThan(0);
    const next: Record<string, string> = { BASE: "DISTRICT", DISTRICT: "PROVINCE" };
    for (const r of rows) {
      expect(r.lower).not.toBeNull();
      expect(next[r.lower!]).toBe(r.upper);
      expect(r.lowerOn!.getTime()).toBeLessThanOrEqual(r.upperOn.getTime());
    }
    const q = `{ chapter(code: "TN") { emulationConferences(year: 2020) { id level delegates(first: 10) { nodes { fullName approvedAtConferenceId } } } } }`;
    const conferences = ok(await t.query(q, {}, tn)).chapter.emulationConferences as any[];
    const province = conferences.find((c) => c.level === "PROVINCE");
    const approvals = await emulationRows<{ fullName: string; approvedAtId: string }>(`SELECT "fullName", "approvedAtId"::text AS "approvedAtId" FROM "Delegate" WHERE "conferenceId" = $1`, [province.id]);
    expect(province.delegates.nodes.map((d: any) => `${d.fullName}|${d.approvedAtConferenceId}`).sort()).toEqual(approvals.map((a) => `${a.fullName}|${a.approvedAtId}`).sort());
    expect(province.delegates.nodes.map((d: any) => d.fullName).sort()).toEqual(["Lê Minh Đức", "Nguyễn Thị Hòa"]);
  });

  it("EM-CONFERENCE: a delegation fits the next level's quota or nothing is added (CONFLICT); it goes to the level directly above, from a conference whose programme approves delegates (BAD_USER_INPUT)", async () => {
    const city = await conference("TN.TP", "DISTRICT", "2021-03-01", { delegateQuota: 3 });
    const province = await conference("TN", "PROVINCE", "2021-05-01", { delegateQuota: 10 });
    const phanDinhPhung = await conference("TN.TP.PDP", "BASE", "2021-01-10");
    const quangTrung = await conference("TN.TP.QTR", "BASE", "2021-01-12");
    const first = ok(await t.query(APPROVE, { i: { conferenceId: phanDinhPhung, toConferenceId: city, delegates: people("TN.TP.PDP", ["Đại biểu A", "Đại biểu B"]) } }, tn)).approveConferenceDelegation;
    expect(first).toEqual({ id: city, delegateCount: 2 });
    const over = await t.query(APPROVE, { i: { conferenceId: quangTrung, toConferenceId: city, delegates: people("TN.TP.QTR", ["Đại biểu C", "Đại biểu D"]) } }, tn);
    expect(over.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect(over.errors?.[0]?.message).toContain("at most 3 delegates, 2 seat(s) are taken and this delegation has 2");
    ok(await t.query(APPROVE, { i: { conferenceId: quangTrung, toConferenceId: city, delegates: people("TN.TP.QTR", ["Đại biểu C"]) } }, tn));
    // a base conference does not send delegates straight to the province's
    const skip = await t.query(APPROVE, { i: { conferenceId: phanDinhPhung, toConferenceId: province, delegates: people("TN.TP.PDP", ["Đại biểu E"]) } }, tn);
    expect(skip.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(JSON.stringify(skip.errors?.[0]?.extensions)).toContain("sends its delegates to a DISTRICT conference");
    // a programme without the approval of delegates approves none
    const noApproval = await conference("TN.TP.PDP", "BASE", "2021-01-20", { programme: [{ kind: "OPENING" }, { kind: "HONOURING" }, { kind: "CLOSING" }] });
    const refused = await t.query(APPROVE, { i: { conferenceId: noApproval, toConferenceId: city, delegates: people("TN.TP.PDP", ["Đại biểu F"]) } }, tn);
    expect(refused.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const seats = await emulationRows<{ n: number }>(`SELECT count(*)::int AS n FROM "Delegate" WHERE "conferenceId" = $1`, [city]);
    expect(seats[0]!.n).toBe(3);
  });
});
