// BL-DONORS: when a donor may give blood again. The interval is that of the LAST donation's
// type (read from DonationType rows, Circular 26/2013/TT-BYT art. 6), and a deferral in force
// pushes the date to its end; a deferral without an end keeps the donor out until it is lifted.
import { addDays } from "@chapters/core";
import type { DonorStatus } from "./read.ts";

export type IneligibleReason = "INTERVAL" | "DEFERRAL";

export interface Eligibility {
  /** first day the donor may donate; null while an open-ended deferral is in force */
  eligibleOn: Date | null;
  /** why the donor cannot donate on the day asked about (null when they can) */
  reason: IneligibleReason | null;
}

export function eligibility(status: DonorStatus | undefined, on: Date): Eligibility {
  const afterInterval = status?.lastDonatedOn && status.intervalDays !== null ? addDays(status.lastDonatedOn, status.intervalDays) : null;
  if (status?.deferredIndefinitely) return { eligibleOn: null, reason: "DEFERRAL" };
  const deferredUntil = status?.deferredUntil ?? null;
  const eligibleOn = [afterInterval, deferredUntil].reduce<Date | null>((a, b) => (b && (!a || b > a) ? b : a), null) ?? on;
  if (eligibleOn <= on) return { eligibleOn, reason: null };
  return { eligibleOn, reason: deferredUntil && deferredUntil.getTime() === eligibleOn.getTime() ? "DEFERRAL" : "INTERVAL" };
}

export const reasonLabels: Record<IneligibleReason, string> = {
  INTERVAL: "Chưa đủ khoảng cách giữa hai lần hiến",
  DEFERRAL: "Đang tạm hoãn hiến máu",
};
