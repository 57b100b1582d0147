// Demo records the live tests write through the gateway: drives and donations at them.
import { expect } from "vitest";
import type { BloodPrisma } from "@chapters/blood";
import type { TestStack } from "@chapters/stack/testing";

const officer = (chapter: string) => ({ chapter: chapter.split(".")[0]!, role: "OFFICER" as const });
let serial = 0;

/** Chapter ids by code, from the blood subgraph's replica of the tree. */
export async function liveIds(t: TestStack): Promise<Map<string, string>> {
  const db = t.stack.services.blood!.database.prisma as BloodPrisma;
  return new Map((await db.treeChapter.findMany()).map((row) => [row.code, row.id]));
}

export async function createDrive(t: TestStack, ids: Map<string, string>, chapter: string, date: string, gatewayUrl?: string): Promise<string> {
  const res = await t.query(
    `mutation($i: NewBloodDriveInput!) { createBloodDrive(input: $i) { id } }`,
    { i: { chapterId: ids.get(chapter), kind: "CHU_NHAT_DO", place: "Nhà văn hoá", date, targetUnits: 100, bloodCentre: "Viện Huyết học" } },
    officer(chapter),
  );
  expect(res.errors).toBeUndefined();
  void gatewayUrl;
  return res.data.createBloodDrive.id as string;
}

/** A new donor gives 350 ml (1.4 units) at the drive. */
export async function donateAtDrive(t: TestStack, ids: Map<string, string>, driveId: string, chapter: string, date: string): Promise<void> {
  const who = officer(chapter);
  const donor = await t.query(
    `mutation($i: RegisterDonorInput!) { registerDonor(input: $i) { id } }`,
    { i: { chapterId: ids.get(chapter), fullName: "Nguyễn Văn Sống", phone: `0912${String(process.pid % 100).padStart(2, "0")}${String(++serial).padStart(4, "0")}`, abo: "O", rh: "POSITIVE" } },
    who,
  );
  expect(donor.errors).toBeUndefined();
  const res = await t.query(
    `mutation($i: RecordDonationInput!) { recordDonation(input: $i) { id } }`,
    { i: { donorId: donor.data.registerDonor.id, donatedOn: date, type: "WHOLE_BLOOD", volumeMl: 350, driveId } },
    who,
  );
  expect(res.errors).toBeUndefined();
}

export const DONATION_RECORDED_TOPIC = "blood.donation.recorded";

/** `count` donors who each gave 250 ml (1 unit) at the drive, written in two statements: a burst
 * faster than any officer could record it, for the coalescing tests. Returns the donation ids. */
export async function burstOfDonations(db: BloodPrisma, driveId: string, chapterId: string, date: string, count: number): Promise<string[]> {
  const donors = await db.$queryRawUnsafe<{ id: string }[]>(
    `INSERT INTO "Donor" (id, "chapterId", "fullName", abo, rh)
     SELECT gen_random_uuid(), $1::uuid, 'Người hiến ' || n, 'O', 'POSITIVE' FROM generate_series(1, $2::int) n RETURNING id::text AS id`,
    chapterId,
    count,
  );
  const donations = await db.$queryRawUnsafe<{ id: string }[]>(
    `INSERT INTO "Donation" (id, "donorId", "chapterId", "driveId", "donatedOn", "typeCode", "volumeMl", units, "isFirst", "recordedBy")
     SELECT gen_random_uuid(), d, $1::uuid, $2::uuid, $3::date, 'WHOLE_BLOOD', 250, 1, true, 'burst' FROM unnest($4::uuid[]) d RETURNING id::text AS id`,
    chapterId,
    driveId,
    date,
    donors.map((d) => d.id),
  );
  return donations.map((d) => d.id);
}

const dnOfficer = { chapter: "DN", role: "OFFICER" as const };

/** A Tết Nhân ái campaign of Đồng Nai with a target, and a sponsor (for supports under it). */
export async function campaignForScreen(t: TestStack, ids: Map<string, string>): Promise<{ campaignId: string; sponsorId: string }> {
  const campaign = await t.query(
    `mutation($i: CreateCampaignInput!) { createCampaign(input: $i) { id } }`,
    { i: { chapterId: ids.get("DN"), kind: "TET_NHAN_AI", name: "Tết Nhân ái 2026", startsOn: "2025-12-01", endsOn: "2026-11-24", targets: [{ chapterId: ids.get("DN"), value: 500000000 }] } },
    dnOfficer,
  );
  expect(campaign.errors).toBeUndefined();
  const sponsor = await t.query(
    `mutation($i: RegisterSponsorInput!) { registerSponsor(input: $i) { id } }`,
    { i: { chapterId: ids.get("DN"), kind: "ORGANISATION", name: "Công ty TNHH Thực phẩm Đồng Nai" } },
    dnOfficer,
  );
  expect(sponsor.errors).toBeUndefined();
  return { campaignId: campaign.data.createCampaign.id, sponsorId: sponsor.data.registerSponsor.id };
}

/** A household surveyed, profiled and approved in Đồng Nai, then given `value` VND under the campaign. */
export async function supportUnderCampaign(t: TestStack, ids: Map<string, string>, c: { campaignId: string; sponsorId: string }, value: number): Promise<void> {
  const ok = (res: { errors?: unknown }) => expect(res.errors).toBeUndefined();
  const surveyed = await t.query(
    `mutation($i: SurveyAddressInput!) { surveyHumanitarianAddress(input: $i) { id } }`,
    {
      i: {
        chapterId: ids.get("BP.DX.TPH"), kind: "HOUSEHOLD", category: "DISASTER", fullName: "Nguyễn Văn An", addressLine: "Tổ 3, khu phố Phú Thanh", householdSize: 4,
        needs: "Nhà hư hỏng sau mưa lớn", surveyedOn: "2026-01-05", consentOn: "2026-01-05",
      },
    },
    dnOfficer,
  );
  ok(surveyed);
  const addressId = surveyed.data.surveyHumanitarianAddress.id;
  for (const step of ["PROFILED", "APPROVED"]) {
    ok(await t.query(`mutation($i: AdvanceAddressInput!) { advanceHumanitarianAddress(input: $i) { id } }`, { i: { addressId, step, on: "2026-01-06" } }, dnOfficer));
  }
  ok(
    await t.query(
      `mutation($i: RecordSupportInput!) { recordSupport(input: $i) { id } }`,
      { i: { addressId, sponsorId: c.sponsorId, campaignId: c.campaignId, kind: "HOUSING", value, givenOn: "2026-01-10", reference: `LIVE-${addressId}` } },
      dnOfficer,
    ),
  );
}

/** An honouree to add: a name, or a name with its chapter's code (default: the conference's),
 * the movement's title or a form of commendation. */
export type HonoureeSpec = string | { name: string; chapter?: string; title?: "GOOD_PERSON_GOOD_DEED" | "CARING_COMMUNITY"; commendation?: string };

/** A conference of advanced exemplars under `chapter` (EM-CONFERENCE) with honourees not yet
 * announced; returns its id and theirs, in list order. */
export async function ceremonyWithHonourees(t: TestStack, ids: Map<string, string>, chapter: string, specs: HonoureeSpec[]): Promise<{ conferenceId: string; title: string; honourees: string[] }> {
  const who = officer(chapter);
  const title = `Hội nghị điển hình tiên tiến ${++serial}`;
  const conference = await t.query(
    `mutation($i: CreateEmulationConferenceInput!) { createEmulationConference(input: $i) { id } }`,
    { i: { chapterId: ids.get(chapter), level: "PROVINCE", title, heldOn: "2026-12-20", delegateQuota: 150 } },
    who,
  );
  expect(conference.errors).toBeUndefined();
  const conferenceId = conference.data.createEmulationConference.id as string;
  const honourees: string[] = [];
  for (const spec of specs) {
    const { name, chapter: of, title: awarded, commendation } = typeof spec === "string" ? { name: spec } : spec;
    const res = await t.query(
      `mutation($i: AddHonoureeInput!) { addHonouree(input: $i) { id } }`,
      { i: { conferenceId, kind: "INDIVIDUAL", name, citation: "Người tốt, việc tốt trong hoạt động nhân đạo", chapterId: of ? ids.get(of) : null, title: awarded ?? null, commendation: commendation ?? null } },
      who,
    );
    expect(res.errors).toBeUndefined();
    honourees.push(res.data.addHonouree.id as string);
  }
  return { conferenceId, title, honourees };
}

/** Announces an honouree in the hall (EM-LIVE), through the gateway. */
export async function announce(t: TestStack, chapter: string, honoureeId: string): Promise<void> {
  const res = await t.query(`mutation($h: ID!) { announceHonouree(honoureeId: $h) { announced } }`, { h: honoureeId }, officer(chapter));
  expect(res.errors).toBeUndefined();
}
