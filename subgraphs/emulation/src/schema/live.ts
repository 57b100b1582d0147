// Live ceremony honours (EM-LIVE): the hall's screen shows each honouree as it is
// announced. The stream starts with everyone announced so far (a screen that connects late, or
// reconnects, shows the whole list at once) and follows each announcement, coalesced to a few
// frames a second. The caller's slice and a screen's grant for this ceremony are checked once,
// when the subscription opens.
import { notFound, parseInput, requireScreenTarget } from "@chapters/core";
import { z } from "zod";
import { builder, type EmulationContext } from "../builder.ts";
import { conferenceLoader, honoureesLoader, type ConferenceRow, type HonoureeRow } from "../conferences/read.ts";
import { HONOURS_TOPIC, type HonoursEvent } from "../events.ts";
import { uuid } from "../write/inputs.ts";
import { ConferenceRef, HonoureeRef } from "./conference.ts";

interface CeremonyHonours {
  conference: ConferenceRow;
  /** announced honourees, in the order they were announced */
  announced: HonoureeRow[];
  totalCount: number;
}

const byAnnouncement = (a: HonoureeRow, b: HonoureeRow) => a.announcedAt!.getTime() - b.announcedAt!.getTime() || a.position - b.position;

/** A fresh context per read: the request loaders must not answer from an earlier read. */
async function readHonours(ctx: EmulationContext, conference: ConferenceRow): Promise<CeremonyHonours> {
  const list = await honoureesLoader({ ...ctx, memo: new Map() }, false).load(conference.id);
  return { conference, announced: list.filter((h) => h.announcedAt !== null).sort(byAnnouncement), totalCount: list.length };
}

const CeremonyHonoursRef = builder.objectRef<CeremonyHonours>("CeremonyHonours").implement({
  description: "A ceremony's honouring list as announced so far (EM-LIVE)",
  fields: (t) => ({
    conference: t.field({ type: ConferenceRef, resolve: (h) => h.conference }),
    honourees: t.field({ type: [HonoureeRef], description: "Announced honourees, in announcement order", resolve: (h) => h.announced }),
    latest: t.field({ type: HonoureeRef, nullable: true, description: "The honouree announced last", resolve: (h) => h.announced.at(-1) ?? null }),
    announcedCount: t.int({ resolve: (h) => h.announced.length }),
    totalCount: t.int({ description: "Everyone on the honouring list, announced or not", resolve: (h) => h.totalCount }),
  }),
});

builder.subscriptionFields((t) => ({
  ceremonyHonours: t.field({
    type: CeremonyHonoursRef,
    description: "A ceremony's honourees as they are announced: everyone announced so far first",
    args: { ceremonyId: t.arg.id({ required: true, description: "The conference whose ceremony is shown" }) },
    subscribe: async (_root, args, ctx) => {
      const { ceremonyId } = parseInput(z.object({ ceremonyId: uuid }), args);
      requireScreenTarget(ctx, "ceremony", ceremonyId);
      const conference = await conferenceLoader(ctx).load(ceremonyId);
      if (!conference) throw notFound(`No ceremony ${ceremonyId} in your part of the tree.`);
      // the first subscriber's identity reads for everyone on the feed: each of them passed this
      // same check for this same ceremony, and the list does not depend on who asks
      return ctx.live.stream({
        topics: [HONOURS_TOPIC],
        key: `ceremony|${conference.id}`,
        matches: (event) => (event as Partial<HonoursEvent> | null)?.conferenceId === conference.id,
        read: () => readHonours(ctx, conference),
      });
    },
    resolve: (honours: CeremonyHonours) => honours,
  }),
}));
