// Live fields (EM-LIVE, BL-EVENTS): a drive's progress and a chapter's units for a
// year, for the screens of a hall and for dashboards. Each stream starts with the current state
// and follows the donations recorded (coalesced to a few frames a second). The caller's slice and
// a screen's grants are checked once, when the subscription opens.
import { forbidden, notFound, parseInput, requireScreenTarget } from "@chapters/core";
import { z } from "zod";
import { requireFiguresReader, requireStockReader } from "../access/roles.ts";
import { requireChapterInSlice, sliceRoots } from "../access/slice.ts";
import { builder } from "../builder.ts";
import { driveById } from "../drives/read.ts";
import { DONATION_RECORDED_TOPIC, DRIVE_RESULT_TOPIC } from "../events.ts";
import { chaptersEverUnder, readChapterUnits, readDriveProgress, type ChapterUnits, type DriveProgress } from "../live/read.ts";
import { uuid } from "../write/inputs.ts";
import { ChapterRef } from "./chapter.ts";
import { DriveRef } from "./drive.ts";

const BloodDriveProgressRef = builder.objectRef<DriveProgress>("BloodDriveProgress").implement({
  description: "A drive's running totals (tiến độ đợt hiến máu), for live screens",
  fields: (t) => ({
    drive: t.field({ type: DriveRef, resolve: (p) => p.drive }),
    donations: t.exposeInt("donations", { description: "Donations recorded so far (lượt hiến)" }),
    units: t.exposeFloat("units", { description: "Units collected so far (đơn vị máu)" }),
  }),
});

const BloodUnitsProgressRef = builder.objectRef<ChapterUnits>("BloodUnitsProgress").implement({
  description: "Units collected in a year under a chapter, as they are recorded",
  fields: (t) => ({
    chapter: t.field({ type: ChapterRef, resolve: (p) => ({ id: p.chapterId }) }),
    year: t.exposeInt("year"),
    units: t.exposeFloat("units", { description: "đơn vị máu" }),
    donations: t.exposeInt("donations", { description: "lượt hiến" }),
  }),
});

const concerns = (event: unknown): { driveId?: string | null; chapterId?: string; donatedOn?: string } =>
  typeof event === "object" && event !== null ? (event as never) : {};

builder.subscriptionFields((t) => ({
  bloodDriveProgress: t.field({
    type: BloodDriveProgressRef,
    description: "A drive's donations and units as they are recorded: the current figures first",
    args: { driveId: t.arg.id({ required: true }) },
    subscribe: async (_root, args, ctx) => {
      requireStockReader(ctx);
      const { driveId } = parseInput(z.object({ driveId: uuid }), args);
      requireScreenTarget(ctx, "blood-drive", driveId);
      if (!(await driveById(ctx, driveId))) throw notFound(`No drive ${driveId} in your part of the tree.`);
      return ctx.live.stream({
        topics: [DONATION_RECORDED_TOPIC, DRIVE_RESULT_TOPIC],
        key: `blood-drive|${driveId}`,
        matches: (event) => concerns(event).driveId === driveId,
        read: () => readDriveProgress(ctx.prisma, driveId),
      });
    },
    resolve: (progress: DriveProgress) => progress,
  }),
  bloodUnits: t.field({
    type: BloodUnitsProgressRef,
    description: "Units collected in a year under a chapter (and everything below it) as donations are recorded",
    args: { chapterId: t.arg.id({ required: true }), year: t.arg.int({ required: true }) },
    subscribe: async (_root, args, ctx) => {
      requireFiguresReader(ctx);
      const { chapterId, year } = parseInput(z.object({ chapterId: uuid, year: z.number().int().min(2000).max(2100) }), args);
      if (ctx.identity?.role === "SCREEN") throw forbidden("Screens show their ceremony's campaigns and drives, not a chapter's figures.");
      await requireChapterInSlice(ctx.prisma, await sliceRoots(ctx), chapterId);
      let under: Set<string> | null = null;
      return ctx.live.stream({
        topics: [DONATION_RECORDED_TOPIC],
        key: `blood-units|${chapterId}|${year}`,
        matches: (event) => {
          const { chapterId: credited, donatedOn } = concerns(event);
          return donatedOn?.startsWith(`${year}-`) === true && (under === null || (credited !== undefined && under.has(credited)));
        },
        read: async () => {
          under = await chaptersEverUnder(ctx.prisma, chapterId);
          return readChapterUnits(ctx.prisma, chapterId, year);
        },
      });
    },
    resolve: (units: ChapterUnits) => units,
  }),
}));
