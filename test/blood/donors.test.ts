// Blood donors through the gateway (docs/domain.md §3): eligibility by the interval of the last
// donation's type and by deferrals (BL-DONORS), idempotent and all-or-nothing writes,
// de-duplication and merge keeping the history, honours once per tier (BL-HONOURS), organ
// registrations with consent (BL-ORGAN), drives and their progress events (BL-EVENTS).
import type { BloodPrisma } from "@chapters/blood";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestStack, type TestStack } from "@chapters/stack/testing";

let t: TestStack;
let db: BloodPrisma;
const officer = { chapter: "BN", role: "OFFICER" as const };
const ids = new Map<string, string>();

beforeAll(async () => {
  t = await startTestStack();
  db = t.stack.services.blood!.database.prisma as BloodPrisma;
  for (const row of await db.treeChapter.findMany()) ids.set(row.code, row.id);
});
afterAll(async () => t?.stop());

const chapterId = (code: string) => ids.get(code)!;
let serial = 0;
const newPhone = () => `0987${String(100000 + ++serial).slice(-6)}`;

async function registerDonor(code = "BN.PTS", extra: Record<string, unknown> = {}) {
  const res = await t.query(
    `mutation($i: RegisterDonorInput!) { registerDonor(input: $i) { id } }`,
    { i: { chapterId: chapterId(code), fullName: "Trần Thị Thử", phone: newPhone(), abo: "O", rh: "POSITIVE", ...extra } },
    officer,
  );
  expect(res.errors).toBeUndefined();
  return res.data.registerDonor.id as string;
}

const DONATE = `mutation($i: RecordDonationInput!) { recordDonation(input: $i) { id donatedOn type units firstTime chapter { code } } }`;
const donate = (donorId: string, donatedOn: string, type = "WHOLE_BLOOD", extra: Record<string, unknown> = {}, as: { chapter: string; role: "OFFICER" } = officer) =>
  t.query(DONATE, { i: { donorId, donatedOn, type, volumeMl: type === "WHOLE_BLOOD" ? 350 : 250, ...extra } }, as);

const donorView = (id: string) =>
  t.query(
    `query($id: ID!) { donor(id: $id) { id fullName donationCount nextEligibleOn mergedInto mergedRecords phone nationalId
      eligibility(on: "2026-11-20") { eligible eligibleOn reason }
      donations(first: 100) { totalCount nodes { id donatedOn firstTime } } } }`,
    { id },
    officer,
  );

describe("BL-DONORS eligibility by the interval of the last donation's type", () => {
  it("BL-DONORS: refuses whole blood 61 days after whole blood, saying when the donor becomes eligible (12 weeks)", async () => {
    const donor = await registerDonor();
    expect((await donate(donor, "2026-06-01")).errors).toBeUndefined();
    const refused = await donate(donor, "2026-08-01");
    expect(refused.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(refused.errors?.[0]?.extensions?.eligibleOn).toBe("2026-08-24");
    expect(refused.errors?.[0]?.message).toContain("may donate again from 2026-08-24");
    expect(await db.donation.count({ where: { donorId: donor } })).toBe(1);
  });

  it("BL-DONORS: accepts the donation on the first day outside the interval, and marks it a repeat donation", async () => {
    const donor = await registerDonor();
    const first = await donate(donor, "2026-05-01");
    expect(first.data.recordDonation.firstTime).toBe(true);
    expect((await donate(donor, "2026-07-23")).errors?.[0]?.extensions?.eligibleOn).toBe("2026-07-24");
    const second = await donate(donor, "2026-07-24");
    expect(second.errors).toBeUndefined();
    expect(second.data.recordDonation.firstTime).toBe(false);
    const view = await donorView(donor);
    expect(view.data.donor.donationCount).toBe(2);
    expect(view.data.donor.nextEligibleOn).toBe("2026-10-16");
  });

  it("BL-DONORS: after mixed types the interval of the LAST type applies (platelets 2 weeks, whole blood 12 weeks)", async () => {
    const donor = await registerDonor();
    expect((await donate(donor, "2026-09-01", "APHERESIS_PLATELETS")).errors).toBeUndefined();
    // 14 days after platelets: allowed, although whole blood would need 84 days after whole blood
    expect((await donate(donor, "2026-09-15", "WHOLE_BLOOD")).errors).toBeUndefined();
    // now the last type is whole blood: platelets 14 days later are refused until 2026-12-08
    const refused = await donate(donor, "2026-09-29", "APHERESIS_PLATELETS");
    expect(refused.errors?.[0]?.extensions?.eligibleOn).toBe("2026-12-08");
  });

  it("BL-DONORS: the intervals are data: a donation type row with a shorter interval changes the verdict", async () => {
    const donor = await registerDonor();
    expect((await donate(donor, "2026-03-02", "APHERESIS_PLASMA")).errors).toBeUndefined();
    expect((await donate(donor, "2026-03-10", "APHERESIS_PLASMA")).errors?.[0]?.extensions?.eligibleOn).toBe("2026-03-16");
    await db.donationType.update({ where: { code: "APHERESIS_PLASMA" }, data: { intervalDays: 7 } });
    try {
      expect((await donate(donor, "2026-03-10", "APHERESIS_PLASMA")).errors).toBeUndefined();
    } finally {
      await db.donationType.update({ where: { code: "APHERESIS_PLASMA" }, data: { intervalDays: 14 } });
    }
  });

  it("BL-DONORS: an open deferral refuses the donation until its end (6 months after a tattoo), and sets nextEligibleOn", async () => {
    const donor = await registerDonor();
    const deferred = await t.query(
      `mutation($i: RecordDeferralInput!) { recordDeferral(input: $i) { nextEligibleOn eligibility(on: "2026-11-01") { eligible reason eligibleOn } } }`,
      { i: { donorId: donor, reason: "TATTOO", startsOn: "2026-10-01" } },
      officer,
    );
    expect(deferred.errors).toBeUndefined();
    expect(deferred.data.recordDeferral.nextEligibleOn).toBe("2027-04-02");
    expect(deferred.data.recordDeferral.eligibility).toEqual({ eligible: false, reason: "DEFERRAL", eligibleOn: "2027-04-02" });
    const refused = await donate(donor, "2026-11-01");
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", reason: "DEFERRAL", eligibleOn: "2027-04-02" });
    expect(refused.errors?.[0]?.message).toContain("2027-04-02");
    // before the deferral began the donor could give
    expect((await donate(donor, "2026-09-01")).errors).toBeUndefined();
  });
});

describe("writes: clear errors, nothing written, counted once", () => {
  it("bad input gets BAD_USER_INPUT naming each field, and writes nothing", async () => {
    const donor = await registerDonor();
    const before = { donations: await db.donation.count(), donors: await db.donor.count() };
    const res = await t.query(DONATE, { i: { donorId: donor, donatedOn: "2099-01-01", type: "WHOLE_BLOOD", volumeMl: 5000 } }, officer);
    expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const fields = (res.errors?.[0]?.extensions?.problems as { field: string }[]).map((p) => p.field).sort();
    expect(fields).toEqual(["input.donatedOn", "input.volumeMl"]);
    const badDonor = await t.query(
      `mutation($i: RegisterDonorInput!) { registerDonor(input: $i) { id } }`,
      { i: { chapterId: chapterId("BN.PTS"), fullName: "Lê Văn Sai", nationalId: "12AB", abo: "A", rh: "POSITIVE" } },
      officer,
    );
    expect(badDonor.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(badDonor.errors?.[0]?.message).toContain("nationalId");
    const unknownType = await donate(donor, "2026-05-05", "PLASMA_SOUP");
    // the type is an enum: an unknown one is refused before anything runs
    expect(unknownType.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(unknownType.errors?.[0]?.message).toContain("DonationTypeCode");
    expect({ donations: await db.donation.count(), donors: await db.donor.count() }).toEqual(before);
  });

  it("a failure inside the transaction (a drive held on another day) rolls back everything", async () => {
    const donor = await registerDonor();
    const drive = await db.drive.findFirstOrThrow({ where: { chapterId: chapterId("BN.PTS") }, orderBy: { date: "desc" } });
    const before = { donations: await db.donation.count(), registrations: await db.driveRegistration.count() };
    const res = await donate(donor, "2026-01-03", "WHOLE_BLOOD", { driveId: drive.id });
    expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(res.errors?.[0]?.message).toContain("took place on");
    expect({ donations: await db.donation.count(), registrations: await db.driveRegistration.count() }).toEqual(before);
  });

  it("a retry with the same idempotency key counts the donation once", async () => {
    const donor = await registerDonor();
    const a = await donate(donor, "2026-04-04", "WHOLE_BLOOD", { idempotencyKey: "retry-1" });
    const b = await donate(donor, "2026-04-04", "WHOLE_BLOOD", { idempotencyKey: "retry-1" });
    expect(a.errors).toBeUndefined();
    expect(b.data.recordDonation.id).toBe(a.data.recordDonation.id);
    expect(await db.donation.count({ where: { donorId: donor } })).toBe(1);
  });

  it("an officer cannot record for a chapter or donor outside the slice (NOT_FOUND, as if absent)", async () => {
    const donor = await registerDonor();
    const hp = { chapter: "HP", role: "OFFICER" as const };
    expect((await donate(donor, "2026-02-02", "WHOLE_BLOOD", {}, hp)).errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const res = await t.query(
      `mutation($i: RegisterDonorInput!) { registerDonor(input: $i) { id } }`,
      { i: { chapterId: chapterId("BN.PTS"), fullName: "Đỗ Văn Ngoài", phone: newPhone(), abo: "B", rh: "POSITIVE" } },
      hp,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const viewer = await t.query(DONATE, { i: { donorId: donor, donatedOn: "2026-02-02", type: "WHOLE_BLOOD", volumeMl: 350 } }, { chapter: "BN", role: "VIEWER" });
    expect(viewer.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});

describe("BL-DONORS de-duplication and merge", () => {
  it("BL-DONORS: registering a second record with a known phone is refused with the existing record's id", async () => {
    const phone = newPhone();
    const first = await registerDonor("BN.PTS", { phone });
    const res = await t.query(
      `mutation($i: RegisterDonorInput!) { registerDonor(input: $i) { id } }`,
      { i: { chapterId: chapterId("BN.PPK"), fullName: "Trần Thị Thử", phone: phone.replace(/^0/, "+84 "), abo: "O", rh: "POSITIVE" } },
      officer,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect(res.errors?.[0]?.extensions?.duplicateIds).toEqual([first]);
  });

  it("BL-DONORS: duplicates found by national ID or phone merge into one record with the whole history", async () => {
    const listed = await t.query(`{ donorDuplicates(first: 50) { nodes { sameNationalId samePhone donors { id } } } }`, {}, officer);
    expect(listed.errors).toBeUndefined();
    const pairs = listed.data.donorDuplicates.nodes as { sameNationalId: boolean; samePhone: boolean; donors: { id: string }[] }[];
    expect(pairs.some((p) => p.samePhone)).toBe(true);
    expect(pairs.some((p) => p.sameNationalId)).toBe(true);
    const pair = pairs.find((p) => p.sameNationalId)!;
    const [keepId, mergeId] = pair.donors.map((d) => d.id) as [string, string];
    // the duplicate carries an old paper record of its own (credited to the province: its ward did not exist yet)
    expect((await donate(mergeId, "2023-03-10", "WHOLE_BLOOD", { chapterId: chapterId("BN") })).errors).toBeUndefined();
    const keptBefore = (await donorView(keepId)).data.donor;
    const mergedBefore = (await donorView(mergeId)).data.donor;
    const history = [...keptBefore.donations.nodes, ...mergedBefore.donations.nodes].map((d: { id: string }) => d.id).sort();

    const merged = await t.query(
      `mutation($k: ID!, $m: ID!) { mergeDonors(keepId: $k, mergeId: $m) { id donationCount mergedRecords } }`,
      { k: keepId, m: mergeId },
      officer,
    );
    expect(merged.errors).toBeUndefined();
    expect(merged.data.mergeDonors.mergedRecords).toEqual([mergeId]);
    const kept = (await donorView(keepId)).data.donor;
    expect(kept.donationCount).toBe(keptBefore.donationCount + mergedBefore.donationCount);
    expect(kept.donations.nodes.map((d: { id: string }) => d.id).sort()).toEqual(history);
    // only the oldest donation of the merged history is a first donation
    const firsts = kept.donations.nodes.filter((d: { firstTime: boolean }) => d.firstTime);
    expect(firsts.map((d: { donatedOn: string }) => d.donatedOn)).toEqual(["2023-03-10"]);
    expect((await donorView(mergeId)).data.donor.mergedInto).toBe(keepId);
    const after = await t.query(`{ donorDuplicates(first: 50) { nodes { donors { id } } } }`, {}, officer);
    expect(after.data.donorDuplicates.nodes.flatMap((p: { donors: { id: string }[] }) => p.donors.map((d) => d.id))).not.toContain(mergeId);
    // a merged record takes no new donations
    expect((await donate(mergeId, "2026-11-20")).errors?.[0]?.message).toContain("was merged into");
  });
});

describe("BL-HONOURS: tiers and awarding body are data; a donor is honoured once per tier", () => {
  const CANDIDATES = `query($c: String) { honourCandidates(ruleSet: "PROVINCE_BN", from: "2024-01-01", to: "2026-12-31", chapterCode: $c, first: 1000) {
    nodes { donor { id } donations reachedOn tier { id donations awardingBody } } } }`;

  it("BL-HONOURS: lists each donor at each tier reached in the period once, on the day of the N-th donation", async () => {
    const res = await t.query(CANDIDATES, { c: "BN.PTS" }, officer);
    expect(res.errors).toBeUndefined();
    const nodes = res.data.honourCandidates.nodes as { donor: { id: string }; donations: number; reachedOn: string; tier: { id: string; awardingBody: string } }[];
    expect(nodes.length).toBeGreaterThan(0);
    const keys = nodes.map((n) => `${n.donor.id}/${n.tier.id}`);
    expect(new Set(keys).size).toBe(keys.length);
    const tiers = (await db.honourTier.findMany({ where: { ruleSetCode: "PROVINCE_BN" } })).map((x) => x.donations);
    expect(tiers).toEqual(expect.arrayContaining([5, 10, 15, 20, 30, 40, 50, 70, 100]));
    for (const n of nodes.slice(0, 10)) {
      const history = await db.donation.findMany({ where: { donorId: n.donor.id }, orderBy: [{ donatedOn: "asc" }, { recordedAt: "asc" }] });
      expect(history[n.donations - 1]!.donatedOn.toISOString().slice(0, 10)).toBe(n.reachedOn);
      expect(n.tier.awardingBody).toContain("Bắc Ninh");
    }
  });

  it("BL-HONOURS: awarding twice honours nobody twice, and the honoured leave the candidate list", async () => {
    const candidates = (await t.query(CANDIDATES, { c: "BN.PTS" }, officer)).data.honourCandidates.nodes as unknown[];
    const AWARD = `mutation($c: ID!) { awardHonours(ruleSet: "PROVINCE_BN", from: "2024-01-01", to: "2026-12-31", chapterId: $c, awardedOn: "2026-12-31") { donor { id } } }`;
    const first = await t.query(AWARD, { c: chapterId("BN.PTS") }, officer);
    expect(first.errors).toBeUndefined();
    expect(first.data.awardHonours).toHaveLength(candidates.length);
    const second = await t.query(AWARD, { c: chapterId("BN.PTS") }, officer);
    expect(second.data.awardHonours).toEqual([]);
    expect((await t.query(CANDIDATES, { c: "BN.PTS" }, officer)).data.honourCandidates.nodes).toEqual([]);
    const rows = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "Honour" GROUP BY "donorId", "tierId" HAVING count(*) > 1`;
    expect(rows).toEqual([]);
    expect(await db.honour.count()).toBe(candidates.length);
  });
});

describe("BL-ORGAN registrations with their consent record", () => {
  it("BL-ORGAN: a registration needs its consent record, and counts in the year's indicator", async () => {
    const ORGAN = `mutation($i: OrganRegistrationInput!) { registerOrganDonation(input: $i) }`;
    const base = { chapterId: chapterId("BN.PTS"), fullName: "Vũ Thị Hiến", registeredOn: "2026-11-02", organs: ["giác mạc"], consentSignedOn: "2026-11-02" };
    const indicator = async () =>
      (await t.query(`{ chapter(code: "BN") { bloodFigures(year: 2026) { organRegistrations } } }`, {}, officer)).data.chapter.bloodFigures.organRegistrations;
    const before = await indicator();
    const refused = await t.query(ORGAN, { i: { ...base, consentDocument: "  " } }, officer);
    expect(refused.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(refused.errors?.[0]?.message).toContain("consent");
    const ok = await t.query(ORGAN, { i: { ...base, consentDocument: "57/ĐK-HMT" } }, officer);
    expect(ok.errors).toBeUndefined();
    expect(await indicator()).toBe(before + 1);
    const row = await db.organRegistration.findUniqueOrThrow({ where: { id: ok.data.registerOrganDonation } });
    expect(row.consentDocument).toBe("57/ĐK-HMT");
  });
});

describe("BL-EVENTS drives: registrations, walk-ins, check-in, result and progress events", () => {
  it("BL-EVENTS: each donation and the drive result are published with running totals", async () => {
    const events: { topic: string; payload: any }[] = [];
    const offs = await Promise.all(
      ["blood.donation.recorded", "blood.drive.result"].map((topic) => t.stack.pubsub.subscribe(topic, (payload) => events.push({ topic, payload }))),
    );
    try {
      const today = (await db.$queryRaw<{ d: string }[]>`SELECT to_char((now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, 'YYYY-MM-DD') AS d`)[0]!.d;
      const created = await t.query(
        `mutation($i: NewBloodDriveInput!) { createBloodDrive(input: $i) { id name kindLabel } }`,
        { i: { chapterId: chapterId("BN.PTS"), kind: "CHU_NHAT_DO", place: "Nhà văn hoá khu phố 1", date: today, targetUnits: 5, bloodCentre: "Trung tâm Huyết học - Truyền máu Bắc Ninh" } },
        officer,
      );
      expect(created.errors).toBeUndefined();
      expect(created.data.createBloodDrive.name).toBe("Chủ nhật đỏ");
      const driveId = created.data.createBloodDrive.id;
      const [a, b, c] = [await registerDonor(), await registerDonor(), await registerDonor()];
      for (const donor of [a, c]) {
        expect((await t.query(`mutation($d: ID!, $p: ID!) { registerForBloodDrive(driveId: $d, donorId: $p) { id } }`, { d: driveId, p: donor }, officer)).errors).toBeUndefined();
      }
      expect((await t.query(`mutation($d: ID!, $p: ID!) { checkInBloodDonor(driveId: $d, donorId: $p) { id } }`, { d: driveId, p: a }, officer)).errors).toBeUndefined();
      expect((await donate(a, today, "WHOLE_BLOOD", { driveId })).errors).toBeUndefined();
      expect((await donate(b, today, "WHOLE_BLOOD", { driveId, volumeMl: 450 })).errors).toBeUndefined(); // a walk-in
      const deferred = await t.query(
        `mutation($i: RecordDeferralInput!) { recordDeferral(input: $i) { id } }`,
        { i: { donorId: c, reason: "BLOOD_PRESSURE", startsOn: today, driveId } },
        officer,
      );
      expect(deferred.errors).toBeUndefined();
      const result = await t.query(
        `mutation($d: ID!) { recordBloodDriveResult(driveId: $d) { closed result { unitsCollected donations walkIns checkedIn registrations deferredDonors firstTimeDonors } } }`,
        { d: driveId },
        officer,
      );
      expect(result.errors).toBeUndefined();
      expect(result.data.recordBloodDriveResult).toEqual({
        closed: true,
        result: { unitsCollected: 3.2, donations: 2, walkIns: 1, checkedIn: 2, registrations: 3, deferredDonors: 1, firstTimeDonors: 2 },
      });
      const recorded = events.filter((e) => e.topic === "blood.donation.recorded" && e.payload.driveId === driveId).map((e) => e.payload);
      expect(recorded.map((p) => p.driveTotals)).toEqual([
        { units: 1.4, donations: 1 },
        { units: 3.2, donations: 2 },
      ]);
      expect(recorded[0].chapterId).toBe(chapterId("BN.PTS"));
      const closed = events.find((e) => e.topic === "blood.drive.result" && e.payload.driveId === driveId)?.payload;
      expect(closed).toMatchObject({ unitsCollected: 3.2, donations: 2, deferredDonors: 1, targetUnits: 5 });
    } finally {
      for (const off of offs) await off();
    }
  });
});
