// Progress events for live screens (published after commit, so nobody sees an event whose
// write was rolled back). Subscribers: the live-subscription issue streams drive progress.
import { serviceLogger, type PubSub } from "@chapters/core";

export const DONATION_RECORDED_TOPIC = "blood.donation.recorded";
export const DRIVE_RESULT_TOPIC = "blood.drive.result";

export interface RunningTotals {
  units: number;
  donations: number;
}

export interface DonationRecordedEvent {
  donationId: string;
  chapterId: string;
  driveId: string | null;
  donatedOn: string;
  units: number;
  /** the drive's totals so far (null for a donation outside a drive) */
  driveTotals: RunningTotals | null;
  /** the credited chapter's own totals for the donation's year */
  chapterYearTotals: RunningTotals;
}

export interface DriveResultEvent {
  driveId: string;
  chapterId: string;
  date: string;
  targetUnits: number;
  unitsCollected: number;
  donations: number;
  deferredDonors: number;
}

const log = serviceLogger("blood.events");

/** A lost event must not fail the write that already committed: it is logged instead. */
export async function publishAfterCommit(pubsub: PubSub, topic: string, payload: DonationRecordedEvent | DriveResultEvent): Promise<void> {
  await pubsub.publish(topic, payload).catch((error: unknown) => log.warn({ err: error, topic }, "could not publish a blood event"));
}

