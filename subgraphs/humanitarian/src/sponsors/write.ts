// HA-PLEDGE writes: registering a sponsor, and a sponsor's pledge to adopt an address for a
// period with the support promised (one pledge per sponsor, address and start date), only for an
// address that consented to receive help.
import { conflict, fromZodIssues, notFound, sql } from "@chapters/core";
import type { HumanitarianContext } from "../builder.ts";
import { inSliceFollowingHistory, requireChapterInSlice } from "../access/slice.ts";
import { lockAddressInSlice } from "../addresses/read.ts";
import type { SponsorKind, SupportKind } from "../generated/prisma/enums.ts";
import { once } from "../write/transaction.ts";

export interface NewSponsor {
  chapterId: string;
  kind: SponsorKind;
  name: string;
  isHeadOfAgency: boolean;
  isHonoraryPresident: boolean;
  phone?: string | null;
  idempotencyKey?: string | null;
}

export async function registerSponsor(ctx: HumanitarianContext, roots: string[], input: NewSponsor): Promise<string> {
  const { value } = await once(ctx, "registerSponsor", input, async (tx) => {
    await requireChapterInSlice(tx, roots, input.chapterId);
    const { idempotencyKey: _key, ...data } = input;
    return (await tx.sponsor.create({ data: { ...data, phone: data.phone ?? null }, select: { id: true } })).id;
  });
  return value;
}

export interface NewPledge {
  sponsorId: string;
  addressId: string;
  startsOn: Date;
  endsOn?: Date | null;
  promisedKind: SupportKind;
  promisedValue: bigint;
  idempotencyKey?: string | null;
}

export async function recordPledge(ctx: HumanitarianContext, roots: string[], by: string, input: NewPledge): Promise<string> {
  const { value } = await once(
    ctx,
    "recordPledge",
    input,
    async (tx) => {
      const address = await lockAddressInSlice(tx, roots, input.addressId);
      if (address.status === "CLOSED") throw conflict(`Address ${address.id} is closed: it takes no new pledges.`, { status: address.status });
      // HA-PLEDGE, HA-PROFILE (seed 004 §II.4: help goes to people who "đồng ý nhận trợ giúp"):
      // a sponsor adopts only an address whose consent to receive help is recorded
      if (!address.consentOn) {
        throw conflict(`Address ${address.id} has no recorded consent to receive help: record the consent (consentOn) before a sponsor pledges to it.`, { status: address.status });
      }
      if (input.endsOn && input.endsOn < input.startsOn) throw fromZodIssues([{ path: ["input", "endsOn"], message: "cannot precede startsOn" }]);
      // ORG-TREE: the sponsor must lie in the caller's slice as well as the address. A sponsor of
      // another lineage is not the caller's to commit, and answering with it would show its name
      // and pledges; a chapter above both records such a pledge.
      const [sponsor] = await tx.$queryRaw<{ id: string }[]>(sql`
        SELECT p.id::text AS id FROM "Sponsor" p
        WHERE p.id = ${input.sponsorId}::uuid AND ${inSliceFollowingHistory('"p"."chapterId"', roots)}`);
      if (!sponsor) throw notFound(`No sponsor ${input.sponsorId} in your part of the tree: register the sponsor first (registerSponsor).`);
      const { idempotencyKey: _key, ...data } = input;
      return (await tx.pledge.create({ data: { ...data, endsOn: data.endsOn ?? null, recordedBy: by }, select: { id: true } })).id;
    },
    () => conflict("This sponsor already pledged this address from that date."),
  );
  return value;
}
