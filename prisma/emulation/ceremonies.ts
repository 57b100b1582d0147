// Demo ceremonies and titles, through the subgraph's write code:
//   - Thái Nguyên (seed 003, plan 14/KH-CTĐTNg of 15 Oct 2019): the delegate ceilings per level
//     (50 / 150 / 250, a rule row on Thái Nguyên) and its conferences of advanced exemplars at
//     the three levels — base conferences in Q1 2020, the city's in Q1 2020, the province's in
//     Q2 2020 — with the seed's programme and honouring lists; each conference approves its own
//     delegation to the next level's conference, within that conference's quota (§II.3).
//   - Hải Phòng (seed 000, 2023–2027): the titles' frequency limits (the city twice per 5 years,
//     the central level once per 5 years) and nominations from Hồng Bàng and Lê Chân with each
//     level's decision; the meetings of the "Người tốt, việc thiện" exemplars with their own
//     frequency rows (districts once, the city twice per 5 years: §IV.5) and meetings held;
//     Hải Phòng's schedule (honouring on the Society's anniversary, 23 November, §VI.2; the
//     mid-term review in 2025 and the five-year review in 2027, §IV.5; city honours in 2027, §V.3).
//     Names of people are invented.
import type { EmulationContext } from "../../subgraphs/emulation/src/builder.ts";
import { addHonouree, announceHonouree, approveDelegation, createConference } from "../../subgraphs/emulation/src/conferences/write.ts";
import { decide, nominate } from "../../subgraphs/emulation/src/titles/write.ts";
import { recordExemplarMeeting } from "../../subgraphs/emulation/src/titles/meetings.ts";
import { inTransaction } from "../../subgraphs/emulation/src/write/transaction.ts";

const BY = "seed";
const d = (iso: string) => new Date(`${iso}T00:00:00Z`);
const TN_SOURCE = "Kế hoạch 14/KH-CTĐTNg ngày 15/10/2019, Hội Chữ thập đỏ tỉnh Thái Nguyên (seed 003)";
const HP_SOURCE = "Kế hoạch triển khai Phong trào “Người tốt, việc thiện – Chung tay xây dựng cộng đồng nhân ái” 2023–2027, Hội Chữ thập đỏ thành phố Hải Phòng (seed 000)";

export async function seedCeremonies(ctx: EmulationContext, id: (code: string) => string): Promise<void> {
  const roots = [id("TW")];
  await inTransaction(ctx, async (tx) => {
    await tx.conferenceQuotaRule.createMany({
      data: [
        { chapterId: id("TN"), level: "BASE", maxDelegates: 50, source: TN_SOURCE },
        { chapterId: id("TN"), level: "DISTRICT", maxDelegates: 150, source: TN_SOURCE },
        { chapterId: id("TN"), level: "PROVINCE", maxDelegates: 250, source: TN_SOURCE },
      ],
    });
    // EM-TITLES: seed 000 states the frequency for "Người tốt, việc thiện" only (the city twice
    // per 5 years, the central level once); whether "Cộng đồng nhân ái" shares it is not stated,
    // so it has no limit row (a rule row per title)
    await tx.titleLimitRule.createMany({
      data: [
        { chapterId: id("HP"), title: "GOOD_PERSON_GOOD_DEED", depth: 1, maxAwards: 2, windowYears: 5, source: HP_SOURCE },
        { chapterId: id("TW"), title: "GOOD_PERSON_GOOD_DEED", depth: 0, maxAwards: 1, windowYears: 5, source: HP_SOURCE },
      ],
    });
    // EM-TITLES: "gặp mặt những tấm gương Người tốt, việc thiện ... tại cấp huyện 5 năm/1 lần, tại
    // cấp thành phố 5 năm/2 lần" — Hải Phòng's own rows, for the years of its plan
    await tx.exemplarMeetingRule.createMany({
      data: [
        { chapterId: id("HP"), title: "GOOD_PERSON_GOOD_DEED", level: "PROVINCE", maxMeetings: 2, windowYears: 5, fromYear: 2023, toYear: 2027, source: HP_SOURCE },
        { chapterId: id("HP"), title: "GOOD_PERSON_GOOD_DEED", level: "DISTRICT", maxMeetings: 1, windowYears: 5, fromYear: 2023, toYear: 2027, source: HP_SOURCE },
      ],
    });
    // EM-TITLES: Hải Phòng's schedule as its plan states it
    await tx.titleMilestone.createMany({
      data: [
        { chapterId: id("HP"), kind: "HONOURING", year: null, month: 11, day: 23, label: "Gặp mặt, biểu dương, khen thưởng những tấm gương “Người tốt, việc thiện” nhân kỷ niệm ngày thành lập Hội (23/11)", source: HP_SOURCE },
        { chapterId: id("HP"), kind: "MID_TERM_REVIEW", year: 2025, month: null, day: null, label: "Sơ kết Phong trào vào năm 2025", source: HP_SOURCE },
        { chapterId: id("HP"), kind: "FIVE_YEAR_REVIEW", year: 2027, month: null, day: null, label: "Tổng kết Phong trào vào năm 2027: đánh giá kết quả 05 năm thực hiện", source: HP_SOURCE },
        { chapterId: id("HP"), kind: "CITY_HONOURS", year: 2027, month: null, day: null, label: "Tôn vinh, khen thưởng cấp thành phố và đề xuất tôn vinh tại Đại hội thi đua toàn quốc của Trung ương Hội lần thứ VI", source: HP_SOURCE },
      ],
    });
  });

  // EM-CONFERENCE: each host's level as organization holds it on the day (checked against the conference's)
  const host = (code: string, on: string) => ctx.facts.chapterLevel(ctx.identity!, id(code), d(on));
  const hosts = { base: await host("TN.TP.PDP", "2020-01-10"), base2: await host("TN.TP.QTR", "2020-01-15"), city: await host("TN.TP", "2020-03-05"), province: await host("TN", "2020-05-20") };
  await inTransaction(ctx, async (tx) => {
    const base = await createConference(tx, roots, BY, { chapterId: id("TN.TP.PDP"), level: "BASE", title: "Hội nghị biểu dương người tốt, việc tốt trong hoạt động nhân đạo phường Phan Đình Phùng", heldOn: d("2020-01-10") }, hosts.base);
    const city = await createConference(tx, roots, BY, { chapterId: id("TN.TP"), level: "DISTRICT", title: "Hội nghị điển hình tiên tiến trong hoạt động nhân đạo thành phố Thái Nguyên", heldOn: d("2020-03-05") }, hosts.city);
    const province = await createConference(tx, roots, BY, { chapterId: id("TN"), level: "PROVINCE", title: "Hội nghị điển hình tiên tiến trong hoạt động nhân đạo tỉnh Thái Nguyên giai đoạn 2015 – 2020", heldOn: d("2020-05-20") }, hosts.province);
    const base2 = await createConference(tx, roots, BY, { chapterId: id("TN.TP.QTR"), level: "BASE", title: "Hội nghị biểu dương người tốt, việc tốt trong hoạt động nhân đạo phường Quang Trung", heldOn: d("2020-01-15") }, hosts.base2);
    // EM-CONFERENCE: each conference approves its delegation to the next level's, in its own programme
    await approveDelegation(tx, roots, BY, { conferenceId: base, toConferenceId: city, delegates: [{ fullName: "Nguyễn Thị Hòa", fromChapterId: id("TN.TP.PDP"), exemplar: "Chi hội trưởng tổ 5, 10 năm vận động Tết vì người nghèo" }] });
    await approveDelegation(tx, roots, BY, { conferenceId: base2, toConferenceId: city, delegates: [{ fullName: "Trần Văn Thắng", fromChapterId: id("TN.TP.QTR"), exemplar: "Tình nguyện viên sơ cấp cứu, hiến máu 25 lần" }] });
    await approveDelegation(tx, roots, BY, {
      conferenceId: city,
      toConferenceId: province,
      delegates: [
        { fullName: "Nguyễn Thị Hòa", fromChapterId: id("TN.TP"), exemplar: "Điển hình cấp thành phố năm 2020" },
        { fullName: "Lê Minh Đức", fromChapterId: id("TN.TP"), exemplar: "Chương trình “Ngân hàng bò” giúp 30 hộ nghèo" },
      ],
    });
    await addHonouree(tx, roots, { conferenceId: base, kind: "INDIVIDUAL", name: "Nguyễn Thị Hòa", citation: "Người tốt, việc tốt trong hoạt động nhân đạo", chapterId: id("TN.TP.PDP") });
    // each honouree's chapter is the one its delegate record names (the ward, or the city)
    for (const [kind, name, citation, chapter] of [
      ["COLLECTIVE", "Hội Chữ thập đỏ phường Quang Trung", "Dẫn đầu Cuộc vận động “Mỗi tổ chức, mỗi cá nhân gắn với một địa chỉ nhân đạo”", "TN.TP.QTR"],
      ["INDIVIDUAL", "Trần Văn Thắng", "Hiến máu tình nguyện 25 lần, tình nguyện viên sơ cấp cứu", "TN.TP.QTR"],
      ["INDIVIDUAL", "Lê Minh Đức", "Chương trình “Ngân hàng bò”", "TN.TP"],
    ] as const) {
      await addHonouree(tx, roots, { conferenceId: city, kind, name, citation, chapterId: id(chapter) });
      await addHonouree(tx, roots, { conferenceId: province, kind, name, citation, chapterId: id(chapter) });
    }
    const [first] = await tx.honouree.findMany({ where: { conferenceId: city }, orderBy: { position: "asc" }, take: 1 });
    await announceHonouree(tx, roots, BY, first!.id);
  });

  const level = async (code: string, on: string) => ctx.facts.chapterLevel(ctx.identity!, id(code), d(on));
  const meetingHosts = { hongBang: await level("HP.HB", "2024-11-20"), city: await level("HP", "2024-11-23") };
  await inTransaction(ctx, async (tx) => {
    const person = await nominate(tx, roots, BY, { title: "GOOD_PERSON_GOOD_DEED", nominee: "Phạm Văn Lực", year: 2024, achievements: "Nhận giúp 3 địa chỉ nhân đạo, vận động 120 triệu đồng xây nhà nhân đạo ở phường Minh Khai", fromChapterId: id("HP.HB") });
    const community = await nominate(tx, roots, BY, { title: "CARING_COMMUNITY", nominee: "Khu dân cư số 3 phường An Biên", year: 2024, achievements: "100% hộ khó khăn trong khu được giúp đỡ; mô hình “Bếp ăn nhân ái” lan tỏa sang các phường lân cận", fromChapterId: id("HP.LC") });
    await decide(tx, roots, BY, { nominationId: person, chapterId: id("HP.HB"), decision: "FORWARDED", year: 2024, note: "Ban Thường vụ Hội Chữ thập đỏ quận Hồng Bàng đề nghị" });
    await decide(tx, roots, BY, { nominationId: person, chapterId: id("HP"), decision: "AWARDED", year: 2024, note: "Tôn vinh nhân kỷ niệm ngày thành lập Hội 23/11/2024" });
    await decide(tx, roots, BY, { nominationId: community, chapterId: id("HP.LC"), decision: "FORWARDED", year: 2024, note: "Ban Thường vụ Hội Chữ thập đỏ quận Lê Chân đề nghị" });
    // meetings of the exemplars: Hồng Bàng's one of five years, and the city's on the anniversary
    await recordExemplarMeeting(tx, roots, BY, { chapterId: id("HP.HB"), title: "GOOD_PERSON_GOOD_DEED", heldOn: d("2024-11-20"), name: "Gặp mặt những tấm gương “Người tốt, việc thiện” quận Hồng Bàng" }, meetingHosts.hongBang);
    await recordExemplarMeeting(tx, roots, BY, { chapterId: id("HP"), title: "GOOD_PERSON_GOOD_DEED", heldOn: d("2024-11-23"), name: "Gặp mặt, biểu dương những tấm gương “Người tốt, việc thiện” nhân kỷ niệm ngày thành lập Hội 23/11/2024" }, meetingHosts.city);
  });
}
