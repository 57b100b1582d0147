// EM-TITLES: nominations for "Người tốt, việc thiện" and "Cộng đồng nhân ái" with their
// achievements and each level's decision; the frequency limits are enforced on award.
import { classifyDatabaseFailure, conflict, parseInput, requestLoader, requireIdentity, sql, todayInVietnam } from "@chapters/core";
import { z } from "zod";
import { builder } from "../builder.ts";
import { requireSheetReader, requireWriter } from "../access/roles.ts";
import { inSlice, sliceRoots } from "../access/slice.ts";
import { titleDecisionLabels, titleKindLabels, titleMilestoneLabels } from "../labels.ts";
import { decide, nominate } from "../titles/write.ts";
import { chapterMeetingsLoader, milestonesLoader, recordExemplarMeeting, type MeetingRow, type MilestoneRow } from "../titles/meetings.ts";
import { idempotencyKey, text, uuid, year } from "../write/inputs.ts";
import { inTransaction, once } from "../write/transaction.ts";
import type { EmulationContext } from "../builder.ts";
import { ChapterRef } from "./chapter.ts";
import { TitleDecisionEnum, TitleKindEnum, TitleMilestoneEnum } from "./enums.ts";

interface DecisionRow {
  nominationId: string;
  chapterId: string;
  decision: keyof typeof titleDecisionLabels;
  year: number;
  note: string;
  decidedBy: string;
}

interface NominationRow {
  id: string;
  title: keyof typeof titleKindLabels;
  nominee: string;
  year: number;
  achievements: string;
  fromChapterId: string;
  nominatedBy: string;
}

function decisionsLoader(ctx: EmulationContext) {
  return requestLoader<string, DecisionRow[]>(ctx, "title-decisions", async (ids) => {
    const rows = await ctx.prisma.$queryRaw<DecisionRow[]>(sql`SELECT "nominationId"::text AS "nominationId", "chapterId"::text AS "chapterId", decision::text AS decision, year, note, "decidedBy"
      FROM "TitleDecision" WHERE "nominationId" = ANY(${[...ids]}::uuid[]) ORDER BY "decidedAt"`);
    return ids.map((id) => rows.filter((r) => r.nominationId === id));
  });
}

/** Nominations made by each chapter (its own line reads them; the levels above see them in their slice). */
function chapterNominationsLoader(ctx: EmulationContext, yearOnly: number | null) {
  return requestLoader<string, NominationRow[]>(ctx, `nominations@${yearOnly ?? "all"}`, async (ids) => {
    const roots = await sliceRoots(ctx);
    const rows = await ctx.prisma.$queryRaw<NominationRow[]>(sql`SELECT n.id::text AS id, n.title::text AS title, n.nominee, n.year, n.achievements, n."fromChapterId"::text AS "fromChapterId", n."nominatedBy"
      FROM "TitleNomination" n WHERE n."fromChapterId" = ANY(${[...ids]}::uuid[]) AND (${yearOnly}::int IS NULL OR n.year = ${yearOnly}::int)
        AND ${inSlice('n."fromChapterId"', roots, sql`least(make_date(n.year, 12, 31), current_date)`)} ORDER BY n.year, n.nominee`);
    return ids.map((id) => rows.filter((r) => r.fromChapterId === id));
  });
}

const DecisionRef = builder.objectRef<DecisionRow>("EmulationTitleDecisionRecord").implement({
  fields: (t) => ({
    chapter: t.field({ type: ChapterRef, description: "The level that decided", resolve: (d) => ({ id: d.chapterId }) }),
    decision: t.field({ type: TitleDecisionEnum, resolve: (d) => d.decision }),
    decisionLabel: t.string({ resolve: (d) => titleDecisionLabels[d.decision] }),
    year: t.exposeInt("year"),
    note: t.exposeString("note"),
    decidedBy: t.exposeString("decidedBy"),
  }),
});

const NominationRef = builder.objectRef<NominationRow>("EmulationTitleNomination").implement({
  description: "A nomination for a title of the movement, with its achievements and each level's decision (EM-TITLES)",
  fields: (t) => ({
    id: t.exposeID("id"),
    title: t.field({ type: TitleKindEnum, resolve: (n) => n.title }),
    titleLabel: t.string({ resolve: (n) => titleKindLabels[n.title] }),
    nominee: t.exposeString("nominee"),
    year: t.exposeInt("year"),
    achievements: t.exposeString("achievements"),
    fromChapter: t.field({ type: ChapterRef, resolve: (n) => ({ id: n.fromChapterId }) }),
    decisions: t.field({ type: [DecisionRef], resolve: (n, _a, ctx) => decisionsLoader(ctx).load(n.id) }),
  }),
});

const MeetingRef = builder.objectRef<MeetingRow>("ExemplarMeeting").implement({
  description: "A meeting of a title's exemplars (gặp mặt điển hình) a chapter held; its frequency is a rule row of the chapter's document (EM-TITLES)",
  fields: (t) => ({
    id: t.exposeID("id"),
    chapter: t.field({ type: ChapterRef, resolve: (m) => ({ id: m.chapterId }) }),
    title: t.field({ type: TitleKindEnum, resolve: (m) => m.title }),
    titleLabel: t.string({ resolve: (m) => titleKindLabels[m.title] }),
    heldOn: t.field({ type: "Date", resolve: (m) => m.heldOn }),
    name: t.exposeString("name"),
    recordedBy: t.exposeString("recordedBy"),
  }),
});

const MilestoneRef = builder.objectRef<MilestoneRow>("EmulationTitleMilestoneRow").implement({
  description: "A step of the movement's schedule as the chapter's document states it (Hải Phòng, seed 000: honouring on 23 November, mid-term review 2025, five-year review and city honours 2027)",
  fields: (t) => ({
    kind: t.field({ type: TitleMilestoneEnum, resolve: (m) => m.kind }),
    kindLabel: t.string({ resolve: (m) => titleMilestoneLabels[m.kind] }),
    year: t.exposeInt("year", { nullable: true, description: "null: every year of the plan" }),
    month: t.exposeInt("month", { nullable: true }),
    day: t.exposeInt("day", { nullable: true }),
    label: t.exposeString("label"),
    source: t.exposeString("source"),
  }),
});

builder.objectFields(ChapterRef, (t) => ({
  exemplarMeetings: t.field({
    type: [MeetingRef],
    description: "Meetings of a title's exemplars this chapter held (EM-TITLES)",
    resolve: (chapter, _args, ctx) => {
      requireSheetReader(ctx);
      return chapterMeetingsLoader(ctx).load(chapter.id);
    },
  }),
  titleSchedule: t.field({
    type: [MilestoneRef],
    description: "The movement's schedule this chapter's document states (EM-TITLES)",
    resolve: (chapter, _args, ctx) => {
      requireSheetReader(ctx);
      return milestonesLoader(ctx).load(chapter.id);
    },
  }),
  emulationNominations: t.field({
    type: [NominationRef],
    args: { year: t.arg.int({ required: false }) },
    description: "Title nominations this chapter sent up, with each level's decision",
    resolve: (chapter, args, ctx) => {
      requireSheetReader(ctx);
      return chapterNominationsLoader(ctx, args.year ?? null).load(chapter.id);
    },
  }),
}));

const titles = Object.keys(titleKindLabels) as [keyof typeof titleKindLabels, ...(keyof typeof titleKindLabels)[]];
const NominateInput = builder.inputType("NominateForTitleInput", {
  fields: (t) => ({ title: t.field({ type: TitleKindEnum, required: true }), nominee: t.string({ required: true }), year: t.int({ required: true }), achievements: t.string({ required: true }), fromChapterId: t.id({ required: true }), idempotencyKey: t.string({ required: false }) }),
});
const DecideInput = builder.inputType("DecideTitleNominationInput", {
  fields: (t) => ({ nominationId: t.id({ required: true }), chapterId: t.id({ required: true }), decision: t.field({ type: TitleDecisionEnum, required: true }), year: t.int({ required: true }), note: t.string({ required: true }) }),
});

const nominationOf = async (ctx: EmulationContext, id: string) => {
  const row = await ctx.prisma.titleNomination.findUniqueOrThrow({ where: { id } });
  return { ...row, fromChapterId: row.fromChapterId } as NominationRow;
};

const MeetingInput = builder.inputType("RecordExemplarMeetingInput", {
  fields: (t) => ({ chapterId: t.id({ required: true }), title: t.field({ type: TitleKindEnum, required: true }), heldOn: t.field({ type: "Date", required: true }), name: t.string({ required: true }), idempotencyKey: t.string({ required: false }) }),
});

builder.mutationFields((t) => ({
  recordExemplarMeeting: t.field({
    type: MeetingRef,
    description: "A meeting of a title's exemplars a chapter held; refused (CONFLICT) past the frequency its document states (Hải Phòng: district once, city twice per 5 years)",
    args: { input: t.arg({ type: MeetingInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const by = await requireWriter(ctx);
      const { input } = parseInput(z.object({ input: z.object({ chapterId: uuid, title: z.enum(titles), heldOn: z.date(), name: text(3, 300), idempotencyKey }) }), args);
      const roots = await sliceRoots(ctx);
      // EM-TITLES: the rule row is for the host's level (city, district) as organization holds it on the day
      const host = await ctx.facts.chapterLevel(requireIdentity(ctx), input.chapterId, input.heldOn < todayInVietnam() ? input.heldOn : todayInVietnam());
      const { value } = await once(ctx, "recordExemplarMeeting", input, (tx) => recordExemplarMeeting(tx, roots, by, input, host));
      const row = await ctx.prisma.exemplarMeeting.findUniqueOrThrow({ where: { id: value } });
      return { ...row, title: row.title as MeetingRow["title"] };
    },
  }),
  nominateForTitle: t.field({
    type: NominationRef,
    description: "A lower level's nomination for a title, with the achievements",
    args: { input: t.arg({ type: NominateInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const by = await requireWriter(ctx);
      const { input } = parseInput(z.object({ input: z.object({ title: z.enum(titles), nominee: text(2, 300), year, achievements: text(10, 4000), fromChapterId: uuid, idempotencyKey }) }), args);
      const roots = await sliceRoots(ctx);
      const { value } = await once(ctx, "nominateForTitle", input, (tx) => nominate(tx, roots, by, input));
      return nominationOf(ctx, value);
    },
  }),
  decideTitleNomination: t.field({
    type: NominationRef,
    description: "A level's decision on a nomination; an award respects the title's frequency limit at that level",
    args: { input: t.arg({ type: DecideInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const by = await requireWriter(ctx);
      const { input } = parseInput(z.object({ input: z.object({ nominationId: uuid, chapterId: uuid, decision: z.enum(["FORWARDED", "AWARDED", "REJECTED"]), year, note: text(3, 1000) }) }), args);
      const roots = await sliceRoots(ctx);
      await inTransaction(ctx, (tx) => decide(tx, roots, by, input)).catch((error: unknown) => {
        if (classifyDatabaseFailure(error) === "race") throw conflict("This level has already decided on this nomination.");
        throw error;
      });
      return nominationOf(ctx, input.nominationId);
    },
  }),
}));
