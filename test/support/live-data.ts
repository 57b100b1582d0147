// Demo records the live tests write through the gateway: drives and donations at them.
import { expect } from "vitest";
import type { BloodPrisma } from "@chapters/blood";
import type { TestStack } from "./stack.ts";

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
