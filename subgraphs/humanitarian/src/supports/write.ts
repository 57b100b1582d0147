// HA-SUPPORT, HA-NODOUBLE: a support record counts toward exactly one campaign or programme
// (campaignId is required), and the same gift — address, sponsor, kind, date — is recorded once:
// a second recording, under the same or any other campaign, is CONFLICT. The database holds it:
// the address row is locked first (so concurrent twins run one after the other and the second
// sees the first), and a unique index on the gift key refuses what might slip past. The first
// support of an approved address moves it to SUPPORTED (HA-PROFILE). Progress is published after
// commit with the campaign's running totals (events.ts).
import { conflict, formatIsoDate, fromZodIssues, notFound, sql } from "@chapters/core";
import type { HumanitarianContext } from "../builder.ts";
import { lockAddressInSlice } from "../addresses/read.ts";
import { CAMPAIGN_PROGRESS_TOPIC, publishAfterCommit } from "../events.ts";
import type { SupportKind } from "../generated/prisma/enums.ts";
import { supportKindLabels } from "../labels.ts";
import { campaignTotals } from "../campaigns/read.ts";
import { once } from "../write/transaction.ts";

export interface NewSupport {
  addressId: string;
  sponsorId: string;
  campaignId: string;
  kind: SupportKind;
  value: bigint;
  givenOn: Date;
  note?: string | null;
  idempotencyKey?: string | null;
}

const giftKey = (s: NewSupport) => `${supportKindLabels[s.kind]} on ${formatIsoDate(s.givenOn)}`;

/** Records one gift; returns its id. */
export async function recordSupport(ctx: HumanitarianContext, roots: string[], by: string, input: NewSupport): Promise<string> {
  const { value, replayed } = await once(
    ctx,
    "recordSupport",
    input,
    async (tx) => {
      const address = await lockAddressInSlice(tx, roots, input.addressId);
      if (address.status !== "APPROVED" && address.status !== "SUPPORTED") {
        throw conflict(`Address ${address.id} is ${address.status}: support is recorded for approved addresses only (surveyed → profiled → approved → supported).`, {
          status: address.status,
        });
      }
      if (address.approvedOn && input.givenOn < address.approvedOn) {
        throw fromZodIssues([{ path: ["input", "givenOn"], message: `cannot precede the address's approval (${formatIsoDate(address.approvedOn)})` }]);
      }
      const [campaign] = await tx.$queryRaw<{ startsOn: Date; endsOn: Date; covers: boolean }[]>(sql`
        SELECT k."startsOn", k."endsOn", EXISTS (SELECT 1 FROM "TreeClosure" c
          WHERE c."ancestorId" = k."chapterId" AND c."descendantId" = ${address.chapterId}::uuid) AS covers
        FROM "Campaign" k WHERE k.id = ${input.campaignId}::uuid`);
      if (!campaign || !campaign.covers) throw notFound(`No campaign ${input.campaignId} covering this address's chapter: choose a campaign of its chapter or of a chapter above it.`);
      if (input.givenOn < campaign.startsOn || input.givenOn > campaign.endsOn) {
        throw fromZodIssues([
          { path: ["input", "givenOn"], message: `is outside the campaign's period (${formatIsoDate(campaign.startsOn)} – ${formatIsoDate(campaign.endsOn)})` },
        ]);
      }
      const sponsor = await tx.sponsor.findUnique({ where: { id: input.sponsorId }, select: { id: true } });
      if (!sponsor) throw notFound(`No sponsor ${input.sponsorId}: register the sponsor first (registerSponsor).`);
      const counted = await tx.supportRecord.findFirst({
        where: { addressId: input.addressId, sponsorId: input.sponsorId, kind: input.kind, givenOn: input.givenOn },
        select: { id: true, campaignId: true },
      });
      if (counted) throw alreadyCounted(input, counted);
      const row = await tx.supportRecord.create({
        data: {
          chapterId: address.chapterId,
          addressId: input.addressId,
          sponsorId: input.sponsorId,
          campaignId: input.campaignId,
          kind: input.kind,
          value: input.value,
          givenOn: input.givenOn,
          note: input.note ?? null,
          recordedBy: by,
        },
        select: { id: true, chapterId: true },
      });
      if (address.status === "APPROVED") {
        await tx.humanitarianAddress.update({ where: { id: address.id }, data: { status: "SUPPORTED", supportedOn: input.givenOn, supportedBy: by } });
      }
      return row.id;
    },
    () => alreadyCounted(input, null),
  );
  if (!replayed) {
    const totals = await campaignTotals(ctx.prisma, input.campaignId);
    const [row] = await ctx.prisma.$queryRaw<{ chapterId: string }[]>(sql`SELECT "chapterId"::text AS "chapterId" FROM "SupportRecord" WHERE id = ${value}::uuid`);
    await publishAfterCommit(ctx.pubsub, CAMPAIGN_PROGRESS_TOPIC, {
      campaignId: input.campaignId,
      cause: "SUPPORT_RECORDED",
      supportId: value,
      chapterId: row?.chapterId ?? "",
      totals: { value: totals.value.toString(), addressesSupported: totals.addressesSupported, peopleHelped: totals.peopleHelped, supports: totals.supports },
    });
  }
  return value;
}

function alreadyCounted(input: NewSupport, counted: { id: string; campaignId: string } | null) {
  const where = counted ? (counted.campaignId === input.campaignId ? "under this campaign" : `under campaign ${counted.campaignId}`) : "already";
  return conflict(
    `This gift (${giftKey(input)}, this sponsor, this address) is already counted ${where}: a support record counts toward one campaign or programme only (HA-NODOUBLE). Correct the existing record instead of recording it again.`,
    counted ? { supportId: counted.id, campaignId: counted.campaignId } : undefined,
  );
}
