// Per-request batching of every per-donor field, so a page of N donors costs the same number of
// statements as a page of one.
import { formatIsoDate, requestLoader, type Page } from "@chapters/core";
import type { BloodContext } from "../builder.ts";
import type { DonorClub } from "../generated/prisma/enums.ts";
import { donationPages, type DonationRow } from "../donations/read.ts";
import { clubsOf, donorsByIds, donorStatuses, mergedRecordsOf, type DonorRow, type DonorStatus } from "./read.ts";

export function donorLoader(ctx: BloodContext) {
  return requestLoader<string, DonorRow | null>(ctx, "donor", async (ids) => {
    const rows = new Map((await donorsByIds(ctx, ids)).map((d) => [d.id, d]));
    return ids.map((id) => rows.get(id) ?? null);
  });
}

export function donorStatusLoader(ctx: BloodContext, on: Date) {
  return requestLoader<string, DonorStatus | undefined>(ctx, `donor-status@${formatIsoDate(on)}`, async (ids) => {
    const statuses = await donorStatuses(ctx.prisma, ids, on);
    return ids.map((id) => statuses.get(id));
  });
}

export function clubsLoader(ctx: BloodContext) {
  return requestLoader<string, { club: DonorClub; joinedOn: Date }[]>(ctx, "donor-clubs", async (ids) => {
    const clubs = await clubsOf(ctx, ids);
    return ids.map((id) => clubs.get(id) ?? []);
  });
}

export function mergedRecordsLoader(ctx: BloodContext) {
  return requestLoader<string, string[]>(ctx, "donor-merged", async (ids) => {
    const merged = await mergedRecordsOf(ctx, ids);
    return ids.map((id) => merged.get(id) ?? []);
  });
}

/** Donation pages that share page size and offset are fetched together. */
export function donationPageLoader(ctx: BloodContext, page: Page) {
  return requestLoader<string, { items: DonationRow[]; total: number }>(ctx, `donations@${page.limit}|${page.offset}`, (ids) => donationPages(ctx, ids, page));
}
