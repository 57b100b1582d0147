// HA-SUPPORT, HA-NODOUBLE: one support record per act of help. Who gave (a sponsor, or the chapter
// from its fund: supports/fund.ts), to whom (a listed address, or a described group outside the list
// with its head count), what (kind, cash or in kind, VND value), when, under at most one campaign,
// and its reference (receipt or decision number). The reference is unique per chapter — held by a
// unique index — so the same gift entered twice (a retry, a re-imported file, a second officer) is
// CONFLICT whichever campaign the second attempt names, while two real gifts on one day (two
// receipts) are two records. The recording chapter is the address's unless another chapter above it
// gives (its own fund, its own receipt book). Progress is published after commit with the campaign's
// running totals (events.ts).
import { conflict, formatIsoDate, fromZodIssues, notFound, requireIdentity, sql, type Identity } from "@chapters/core";
import type { HumanitarianContext } from "../builder.ts";
import { lockAddressInSlice } from "../addresses/read.ts";
import { requireChapterInSlice } from "../access/slice.ts";
import { CAMPAIGN_PROGRESS_TOPIC, publishAfterCommit } from "../events.ts";
import type { SupportForm, SupportGiver, SupportKind } from "../generated/prisma/enums.ts";
import { campaignTotals } from "../campaigns/read.ts";
import { once, type Tx } from "../write/transaction.ts";
import { completeFundSpending } from "./fund.ts";
import { markAddressSupported } from "./status.ts";

export interface NewSupport {
  /** the chapter that records (and for CHAPTER_FUND pays for) the help; default: the address's */
  chapterId?: string | null;
  giver: SupportGiver;
  sponsorId?: string | null;
  addressId?: string | null;
  recipientGroup?: string | null;
  headCount?: number | null;
  campaignId?: string | null;
  kind: SupportKind;
  form: SupportForm;
  items?: string | null;
  value: bigint;
  givenOn: Date;
  reference: string;
  note?: string | null;
  idempotencyKey?: string | null;
}

interface Twin {
  id: string;
  giver: SupportGiver;
  value: bigint;
  givenOn: Date;
  campaignId: string | null;
  fundState: "PENDING" | "RECORDED" | null;
}

/** Records one act of help; returns its id (counted at once, or for a chapter-fund gift once its
 * fund line is written). */
export async function recordSupport(ctx: HumanitarianContext, roots: string[], by: string, input: NewSupport): Promise<string> {
  const caller = requireIdentity(ctx);
  const { value: id, replayed } = await once(ctx, "recordSupport", input, (tx) => writeSupport(tx, roots, caller, by, input), () => alreadyCounted(input, null));
  if (input.giver === "CHAPTER_FUND") await completeFundSpending(ctx, caller, id);
  const [row] = await ctx.prisma.$queryRaw<{ chapterId: string; campaignId: string | null }[]>(sql`
    SELECT "chapterId"::text AS "chapterId", "campaignId"::text AS "campaignId" FROM "SupportRecord" WHERE id = ${id}::uuid`);
  if (!row) throw conflict(`This request's first attempt was refused by the chapter's fund ledger and undone: send it again with a new idempotency key.`);
  if (!replayed && row.campaignId) {
    const totals = await campaignTotals(ctx.prisma, row.campaignId);
    await publishAfterCommit(ctx.pubsub, CAMPAIGN_PROGRESS_TOPIC, {
      campaignId: row.campaignId,
      cause: "SUPPORT_RECORDED",
      supportId: id,
      chapterId: row.chapterId,
      totals: { value: totals.value.toString(), addressesSupported: totals.addressesSupported, peopleHelped: totals.peopleHelped, supports: totals.supports },
    });
  }
  return id;
}

/** Step 1, in one transaction: checks, then the record (PENDING for a chapter-fund gift, with the
 * recorder's chapter and role, for the completer to finish it on their behalf). */
async function writeSupport(tx: Tx, roots: string[], caller: Identity, by: string, input: NewSupport): Promise<string> {
  const chapterId = await recordingChapter(tx, roots, input);
  // the (chapter, reference) unique index decides; reading first gives the caller the record's id
  const [twin] = await tx.$queryRaw<Twin[]>(sql`
    SELECT id::text AS id, giver, value, "givenOn", "campaignId"::text AS "campaignId", "fundState"
    FROM "SupportRecord" WHERE "chapterId" = ${chapterId}::uuid AND reference = ${input.reference}`);
  if (twin) {
    // a chapter-fund gift whose ledger step did not finish: the same gift sent again resumes it
    if (twin.fundState === "PENDING" && sameGift(twin, input)) return twin.id;
    throw alreadyCounted(input, twin);
  }
  if (input.campaignId) await requireCampaignCovers(tx, input.campaignId, chapterId, input.givenOn);
  if (input.giver === "SPONSOR") {
    const [sponsor] = await tx.$queryRaw<{ id: string }[]>(sql`SELECT id::text AS id FROM "Sponsor" WHERE id = ${input.sponsorId}::uuid`);
    if (!sponsor) throw notFound(`No sponsor ${input.sponsorId}: register the sponsor first (registerSponsor).`);
  }
  const [row] = await tx.$queryRaw<{ id: string }[]>(sql`
    INSERT INTO "SupportRecord" (id, "chapterId", giver, "sponsorId", "addressId", "recipientGroup", "headCount", "campaignId", kind, form, items,
      value, "givenOn", reference, note, "fundState", "recordedBy", "recorderChapter", "recorderRole")
    VALUES (gen_random_uuid(), ${chapterId}::uuid, ${input.giver}::"SupportGiver", ${input.sponsorId ?? null}::uuid, ${input.addressId ?? null}::uuid,
      ${input.recipientGroup ?? null}, ${input.headCount ?? null}::int, ${input.campaignId ?? null}::uuid, ${input.kind}::"SupportKind",
      ${input.form}::"SupportForm", ${input.items ?? null}, ${input.value}, ${input.givenOn}::date, ${input.reference}, ${input.note ?? null},
      ${input.giver === "CHAPTER_FUND" ? "PENDING" : null}::"FundSpendingState", ${by}, ${caller.chapterCode}, ${caller.role})
    RETURNING id::text AS id`);
  if (input.addressId && input.giver === "SPONSOR") await markAddressSupported(tx, input.addressId, input.givenOn, by);
  return row!.id;
}

/** The chapter the record belongs to, checked in the caller's slice; for a listed address, the
 * address is locked (concurrent twins run one after the other) and must be approved, given help no
 * earlier than its approval, and lie in that chapter's subtree. */
async function recordingChapter(tx: Tx, roots: string[], input: NewSupport): Promise<string> {
  if (!input.addressId) {
    await requireChapterInSlice(tx, roots, input.chapterId!);
    return input.chapterId!;
  }
  const address = await lockAddressInSlice(tx, roots, input.addressId);
  if (address.status !== "APPROVED" && address.status !== "SUPPORTED") {
    throw conflict(
      `Address ${address.id} is ${address.status}: help to a listed address is recorded once it is approved (surveyed → profiled → approved → supported); help to people outside the list is recorded with recipientGroup and headCount instead.`,
      { status: address.status },
    );
  }
  if (address.approvedOn && input.givenOn < address.approvedOn) {
    throw fromZodIssues([{ path: ["input", "givenOn"], message: `cannot precede the address's approval (${formatIsoDate(address.approvedOn)})` }]);
  }
  const chapterId = input.chapterId ?? address.chapterId;
  if (chapterId !== address.chapterId) {
    await requireChapterInSlice(tx, roots, chapterId);
    const [above] = await tx.$queryRaw<{ ok: boolean }[]>(sql`
      SELECT EXISTS (SELECT 1 FROM "TreeClosure" c WHERE c."ancestorId" = ${chapterId}::uuid AND c."descendantId" = ${address.chapterId}::uuid AND c."validTo" IS NULL) AS ok`);
    if (!above?.ok) throw fromZodIssues([{ path: ["input", "chapterId"], message: "must be the address's chapter or a chapter above it" }]);
  }
  return chapterId;
}

/** HA-CAMPAIGNS: the campaign is run by the chapter or one above it, and the gift falls in its period. */
async function requireCampaignCovers(tx: Tx, campaignId: string, chapterId: string, givenOn: Date): Promise<void> {
  const [campaign] = await tx.$queryRaw<{ startsOn: Date; endsOn: Date; covers: boolean }[]>(sql`
    SELECT k."startsOn", k."endsOn", EXISTS (SELECT 1 FROM "TreeClosure" c
      WHERE c."ancestorId" = k."chapterId" AND c."descendantId" = ${chapterId}::uuid) AS covers
    FROM "Campaign" k WHERE k.id = ${campaignId}::uuid`);
  if (!campaign || !campaign.covers) throw notFound(`No campaign ${campaignId} covering this chapter: choose a campaign of the recording chapter or of a chapter above it.`);
  if (givenOn < campaign.startsOn || givenOn > campaign.endsOn) {
    throw fromZodIssues([{ path: ["input", "givenOn"], message: `is outside the campaign's period (${formatIsoDate(campaign.startsOn)} – ${formatIsoDate(campaign.endsOn)})` }]);
  }
}

const sameGift = (twin: Twin, input: NewSupport) =>
  twin.giver === input.giver && twin.value === input.value && formatIsoDate(twin.givenOn) === formatIsoDate(input.givenOn) && twin.campaignId === (input.campaignId ?? null);

function alreadyCounted(input: NewSupport, twin: Twin | null) {
  const where = !twin ? "already" : !twin.campaignId ? "without a campaign" : twin.campaignId === input.campaignId ? "under this campaign" : `under campaign ${twin.campaignId}`;
  return conflict(
    `Reference ${input.reference} is already recorded by this chapter, counted ${where}: one gift is one record, counted toward one campaign or programme only (HA-NODOUBLE). Correct the existing record instead; a different gift needs its own receipt or decision number.`,
    twin ? { supportId: twin.id, campaignId: twin.campaignId } : undefined,
  );
}
