// HA-PROFILE writes. The workflow runs surveyed → profiled → approved → supported → closed, one
// step at a time and never back; each step records who and when, on or after the step before.
// Consent to receive help is recorded before (or with) profiling; the database refuses a profiled
// address without it (CHECK constraint). "Supported" is reached by the first support record
// (supports/write.ts), never by hand. Each write locks the address row first, so two officers
// moving the same address at once are served one after the other.
import { conflict, formatIsoDate, fromZodIssues, todayInVietnam } from "@chapters/core";
import type { HumanitarianContext } from "../builder.ts";
import { requireChapterInSlice } from "../access/slice.ts";
import type { AddressCategory, AddressKind, AddressStatus } from "../generated/prisma/enums.ts";
import { once, type Tx } from "../write/transaction.ts";
import { lockAddressInSlice, type AddressRow } from "./read.ts";

export interface NewAddress {
  chapterId: string;
  kind: AddressKind;
  category: AddressCategory;
  /** HA-PROFILE, seed 004: further categories the address also falls in (e.g. a poor household) */
  otherCategories?: AddressCategory[] | null;
  fullName: string;
  birthYear?: number | null;
  nationalId?: string | null;
  phone?: string | null;
  addressLine: string;
  healthNote?: string | null;
  householdSize: number;
  needs: string;
  surveyedOn: Date;
  consentOn?: Date | null;
}

const addressData = (a: NewAddress, by: string) => ({
  chapterId: a.chapterId,
  kind: a.kind,
  category: a.category,
  // the main category first, each category once
  categories: [...new Set([a.category, ...(a.otherCategories ?? [])])],
  fullName: a.fullName,
  birthYear: a.birthYear ?? null,
  nationalId: a.nationalId ?? null,
  phone: a.phone ?? null,
  addressLine: a.addressLine,
  healthNote: a.healthNote ?? null,
  householdSize: a.householdSize,
  needs: a.needs,
  surveyedOn: a.surveyedOn,
  surveyedBy: by,
  consentOn: a.consentOn ?? null,
  consentBy: a.consentOn ? by : null,
});

/** Records a surveyed address (khảo sát); returns its id. */
export async function surveyAddress(ctx: HumanitarianContext, roots: string[], by: string, input: NewAddress & { idempotencyKey?: string | null }): Promise<string> {
  const { value } = await once(ctx, "surveyHumanitarianAddress", input, async (tx) => {
    await requireChapterInSlice(tx, roots, input.chapterId);
    return (await tx.humanitarianAddress.create({ data: addressData(input, by), select: { id: true } })).id;
  });
  return value;
}

/** Records every row of an import in one transaction (all or nothing); returns the ids. */
export async function importAddresses(ctx: HumanitarianContext, roots: string[], by: string, chapterId: string, rows: NewAddress[], key: string | null | undefined, digest: string): Promise<string[]> {
  const asked: { idempotencyKey?: string | null; chapterId: string; digest: string } = { idempotencyKey: key, chapterId, digest };
  const { value } = await once<string[]>(ctx, "importHumanitarianAddresses", asked, async (tx) => {
    await requireChapterInSlice(tx, roots, chapterId);
    const ids: string[] = [];
    for (const row of rows) ids.push((await tx.humanitarianAddress.create({ data: addressData(row, by), select: { id: true } })).id);
    return ids;
  });
  return value;
}

/** The steps an officer records by hand, and the status each requires before it. */
export const MANUAL_STEPS = { PROFILED: ["SURVEYED"], APPROVED: ["PROFILED"], CLOSED: ["APPROVED", "SUPPORTED"] } as const satisfies Partial<Record<AddressStatus, AddressStatus[]>>;
export type ManualStep = keyof typeof MANUAL_STEPS;

export interface StepInput {
  addressId: string;
  step: ManualStep;
  on: Date;
  consentOn?: Date | null;
  closeReason?: string | null;
  idempotencyKey?: string | null;
}

/** The date of the latest step an address has reached. */
export function lastStepDate(a: AddressRow): Date {
  return [a.surveyedOn, a.consentOn, a.profiledOn, a.approvedOn, a.supportedOn].filter((d): d is Date => !!d).reduce((x, y) => (x > y ? x : y));
}

/** HA-PROFILE: moves an address one step along the workflow; returns its id. */
export async function advanceAddress(ctx: HumanitarianContext, roots: string[], by: string, input: StepInput): Promise<string> {
  const { value } = await once(ctx, "advanceHumanitarianAddress", input, async (tx) => {
    const address = await lockAddressInSlice(tx, roots, input.addressId);
    const allowed = MANUAL_STEPS[input.step] as readonly AddressStatus[];
    if (!allowed.includes(address.status)) {
      throw conflict(
        `Address ${address.id} is ${address.status}: ${input.step} comes only after ${allowed.join(" or ")} (surveyed → profiled → approved → supported → closed).`,
        { status: address.status },
      );
    }
    const consentOn = input.consentOn ?? address.consentOn;
    if (input.step === "PROFILED") {
      if (!consentOn) throw fromZodIssues([{ path: ["input", "consentOn"], message: "record the person's consent to receive help before profiling (HA-PROFILE)" }]);
      if (consentOn > input.on) throw fromZodIssues([{ path: ["input", "consentOn"], message: "consent must be given on or before the profiling date" }]);
      if (consentOn < address.surveyedOn) throw fromZodIssues([{ path: ["input", "consentOn"], message: "consent cannot precede the survey" }]);
    }
    const previous = lastStepDate(address);
    if (input.on < previous) {
      throw fromZodIssues([{ path: ["input", "on"], message: `must be on or after the address's last step (${formatIsoDate(previous)})` }]);
    }
    if (input.step === "CLOSED" && !input.closeReason) throw fromZodIssues([{ path: ["input", "closeReason"], message: "say why the address is closed" }]);
    await tx.humanitarianAddress.update({
      where: { id: address.id },
      data:
        input.step === "PROFILED"
          ? { status: "PROFILED", profiledOn: input.on, profiledBy: by, consentOn, consentBy: input.consentOn ? by : address.consentBy }
          : input.step === "APPROVED"
            ? { status: "APPROVED", approvedOn: input.on, approvedBy: by }
            : { status: "CLOSED", closedOn: input.on, closedBy: by, closeReason: input.closeReason ?? null },
    });
    return address.id;
  });
  return value;
}

export interface AddressChanges {
  addressId: string;
  needs?: string | null;
  /** null clears the rank */
  priorityRank?: number | null;
  /** published on the national online-giving system (iNHANDAO) on this date; null withdraws it */
  publishedOn?: Date | null;
  idempotencyKey?: string | null;
}

/** Needs, priority rank (unique within the chapter: a taken rank is CONFLICT) and publication. */
export async function updateAddress(ctx: HumanitarianContext, roots: string[], input: AddressChanges): Promise<string> {
  const { value } = await once(
    ctx,
    "updateHumanitarianAddress",
    input,
    async (tx: Tx) => {
      const address = await lockAddressInSlice(tx, roots, input.addressId);
      if (input.publishedOn) {
        if (!["APPROVED", "SUPPORTED"].includes(address.status)) {
          throw conflict(`Address ${address.id} is ${address.status}: only approved addresses are published for online giving.`, { status: address.status });
        }
        if (input.publishedOn < (address.approvedOn ?? todayInVietnam())) {
          throw fromZodIssues([{ path: ["input", "publishedOn"], message: "cannot precede the approval" }]);
        }
      }
      await tx.humanitarianAddress.update({
        where: { id: address.id },
        data: {
          ...(input.needs != null ? { needs: input.needs } : {}),
          ...(input.priorityRank !== undefined ? { priorityRank: input.priorityRank } : {}),
          ...(input.publishedOn !== undefined ? { publishedOn: input.publishedOn } : {}),
        },
      });
      return address.id;
    },
    () => conflict(`Priority rank ${input.priorityRank} is already held by another address of this chapter: choose another rank or move that address first.`),
  );
  return value;
}
