// EM-CONFERENCE, EM-LIVE: conferences of advanced exemplars with their quota, programme,
// delegates and honouring list in announcement order; announcing an honouree publishes the
// ceremony's running list (topic emulation.ceremony.honours) for the live screens.
import { conflict, offsetConnection, parseInput, requireIdentity } from "@chapters/core";
import { z } from "zod";
import { builder } from "../builder.ts";
import { requireWriter } from "../access/roles.ts";
import { sliceRoots } from "../access/slice.ts";
import { chapterConferencesLoader, conferenceLoader, delegatesPageLoader, honoureesLoader, segmentsLoader, type ConferenceRow, type DelegateRow, type HonoureeRow, type SegmentRow } from "../conferences/read.ts";
import { addDelegate, addHonouree, announceHonouree, approveDelegation, conferenceDay, createConference } from "../conferences/write.ts";
import { publishHonours } from "../events.ts";
import { conferenceLevelLabels, honoureeKindLabels, segmentKindLabels, titleKindLabels } from "../labels.ts";
import { idempotencyKey, text, uuid } from "../write/inputs.ts";
import { inTransaction, once } from "../write/transaction.ts";
import { ChapterRef } from "./chapter.ts";
import { ConferenceLevelEnum, HonoureeKindEnum, SegmentKindEnum, TitleKindEnum } from "./enums.ts";

const SegmentRef = builder.objectRef<SegmentRow>("ConferenceSegment").implement({
  fields: (t) => ({
    position: t.exposeInt("position"),
    kind: t.field({ type: SegmentKindEnum, resolve: (s) => s.kind }),
    kindLabel: t.string({ resolve: (s) => segmentKindLabels[s.kind] }),
    title: t.exposeString("title"),
  }),
});

const DelegateRef = builder.objectRef<DelegateRow>("ConferenceDelegate").implement({
  description: "A delegate from a lower level's exemplars, approved by that level's conference (EM-CONFERENCE)",
  fields: (t) => ({
    approvedAtConferenceId: t.id({
      nullable: true,
      description: "The lower conference that approved this delegate in its delegate-approval segment (emulationConference(id:)); null: added directly, before approvals were recorded",
      resolve: (d) => d.approvedAtId,
    }),
    id: t.exposeID("id"),
    fullName: t.exposeString("fullName"),
    fromChapter: t.field({ type: ChapterRef, resolve: (d) => ({ id: d.fromChapterId }) }),
    exemplar: t.exposeString("exemplar", { description: "Why they are an exemplar" }),
  }),
});

export const HonoureeRef = builder.objectRef<HonoureeRow>("Honouree").implement({
  description: "A collective or individual on the honouring list (tôn vinh khen thưởng)",
  fields: (t) => ({
    id: t.exposeID("id"),
    position: t.exposeInt("position", { description: "Place in announcement order" }),
    kind: t.field({ type: HonoureeKindEnum, resolve: (h) => h.kind }),
    kindLabel: t.string({ resolve: (h) => honoureeKindLabels[h.kind] }),
    name: t.exposeString("name"),
    citation: t.exposeString("citation", { description: "A line of the honouree's achievements" }),
    chapter: t.field({ type: ChapterRef, description: "The chapter the honouree belongs to: the conference's or one below it", resolve: (h) => ({ id: h.chapterId }) }),
    title: t.field({ type: TitleKindEnum, nullable: true, description: "The movement's title awarded at this honouring (EM-TITLES), if any", resolve: (h) => h.title }),
    titleLabel: t.string({ nullable: true, resolve: (h) => (h.title ? titleKindLabels[h.title] : null) }),
    commendation: t.string({ nullable: true, description: "The form of commendation in the decision's words (hình thức khen thưởng, e.g. \"Bằng khen của Trung ương Hội\"), if any", resolve: (h) => h.commendation }),
    announced: t.boolean({ resolve: (h) => h.announcedAt !== null }),
    announcedAt: t.string({ nullable: true, resolve: (h) => h.announcedAt?.toISOString() ?? null }),
  }),
});

export const ConferenceRef = builder.objectRef<ConferenceRow>("EmulationConference").implement({
  description: "A conference of advanced exemplars (Hội nghị điển hình tiên tiến, EM-CONFERENCE)",
  fields: (t) => ({
    id: t.exposeID("id"),
    chapter: t.field({ type: ChapterRef, resolve: (c) => ({ id: c.chapterId }) }),
    level: t.field({ type: ConferenceLevelEnum, resolve: (c) => c.level }),
    levelLabel: t.string({ resolve: (c) => conferenceLevelLabels[c.level] }),
    title: t.exposeString("title"),
    heldOn: t.field({ type: "Date", resolve: (c) => c.heldOn }),
    delegateQuota: t.exposeInt("delegateQuota"),
    delegateCount: t.exposeInt("delegateCount"),
    programme: t.field({ type: [SegmentRef], resolve: (c, _a, ctx) => segmentsLoader(ctx).load(c.id) }),
    delegates: t.connection({ type: DelegateRef, resolve: (c, args, ctx) => offsetConnection(args, { pageWithTotal: (page) => delegatesPageLoader(ctx, page).load(c.id) }) }),
    honourees: t.field({
      type: [HonoureeRef],
      args: { announcedOnly: t.arg.boolean({ required: false, defaultValue: false }) },
      description: "The honouring list in announcement order",
      resolve: (c, args, ctx) => honoureesLoader(ctx, args.announcedOnly ?? false).load(c.id),
    }),
  }),
});

builder.objectFields(ChapterRef, (t) => ({
  emulationConferences: t.field({
    type: [ConferenceRef],
    args: { year: t.arg.int({ required: false }) },
    description: "The chapter's conferences of advanced exemplars (public ceremonies: every role may read them)",
    resolve: (chapter, args, ctx) => chapterConferencesLoader(ctx, args.year ?? null).load(chapter.id),
  }),
}));

builder.queryFields((t) => ({
  emulationConference: t.field({
    type: ConferenceRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => (uuid.safeParse(String(args.id)).success ? conferenceLoader(ctx).load(String(args.id)) : null),
  }),
}));

const SegmentInput = builder.inputType("ConferenceSegmentInput", {
  fields: (t) => ({ kind: t.field({ type: SegmentKindEnum, required: true }), title: t.string({ required: false }) }),
});
const CreateConferenceInput = builder.inputType("CreateEmulationConferenceInput", {
  fields: (t) => ({
    chapterId: t.id({ required: true }),
    level: t.field({ type: ConferenceLevelEnum, required: true }),
    title: t.string({ required: true }),
    heldOn: t.field({ type: "Date", required: true }),
    delegateQuota: t.int({ required: false, description: "Default: the ceiling stated for the level" }),
    programme: t.field({ type: [SegmentInput], required: false, description: "Default: the seed's nine segments" }),
    idempotencyKey: t.string({ required: false }),
  }),
});
const segmentKinds = Object.keys(segmentKindLabels) as [keyof typeof segmentKindLabels, ...(keyof typeof segmentKindLabels)[]];
const createSchema = z.object({
  chapterId: uuid,
  level: z.enum(["BASE", "DISTRICT", "PROVINCE"]),
  title: text(3, 300),
  heldOn: z.date(),
  delegateQuota: z.number().int().min(1, "must be at least 1").nullish(),
  programme: z.array(z.object({ kind: z.enum(segmentKinds), title: text(2, 300).nullish() })).max(30).nullish(),
  idempotencyKey,
});

const AddDelegateInput = builder.inputType("AddConferenceDelegateInput", {
  fields: (t) => ({ conferenceId: t.id({ required: true }), fullName: t.string({ required: true }), fromChapterId: t.id({ required: true }), exemplar: t.string({ required: true }), idempotencyKey: t.string({ required: false }) }),
});
const delegateSchema = z.object({ conferenceId: uuid, fullName: text(2, 200), fromChapterId: uuid, exemplar: text(3, 500), idempotencyKey });

const DelegationMemberInput = builder.inputType("ConferenceDelegationMemberInput", {
  fields: (t) => ({ fullName: t.string({ required: true }), fromChapterId: t.id({ required: true }), exemplar: t.string({ required: true }) }),
});
const ApproveDelegationInput = builder.inputType("ApproveConferenceDelegationInput", {
  fields: (t) => ({
    conferenceId: t.id({ required: true, description: "The conference approving its delegation (in its delegate-approval segment)" }),
    toConferenceId: t.id({ required: true, description: "The next level's conference the delegates go to" }),
    delegates: t.field({ type: [DelegationMemberInput], required: true }),
    idempotencyKey: t.string({ required: false }),
  }),
});
const delegationSchema = z.object({
  conferenceId: uuid,
  toConferenceId: uuid,
  delegates: z.array(z.object({ fullName: text(2, 200), fromChapterId: uuid, exemplar: text(3, 500) })).min(1, "approve at least one delegate").max(250),
  idempotencyKey,
});

const AddHonoureeInput = builder.inputType("AddHonoureeInput", {
  fields: (t) => ({
    conferenceId: t.id({ required: true }),
    kind: t.field({ type: HonoureeKindEnum, required: true }),
    name: t.string({ required: true }),
    citation: t.string({ required: true, description: "A line of the honouree's achievements" }),
    chapterId: t.id({ required: false, description: "The honouree's chapter: the conference's (the default) or one below it" }),
    title: t.field({ type: TitleKindEnum, required: false, description: "The movement's title awarded at this honouring (EM-TITLES)" }),
    commendation: t.string({ required: false, description: "The form of commendation in the decision's words" }),
    idempotencyKey: t.string({ required: false }),
  }),
});
const honoureeSchema = z.object({
  conferenceId: uuid,
  kind: z.enum(["COLLECTIVE", "INDIVIDUAL"]),
  name: text(2, 300),
  citation: text(3, 1000),
  chapterId: uuid.nullish(),
  title: z.enum(["GOOD_PERSON_GOOD_DEED", "CARING_COMMUNITY"]).nullish(),
  commendation: text(3, 300).nullish(),
  idempotencyKey,
});

builder.mutationFields((t) => ({
  createEmulationConference: t.field({
    type: ConferenceRef,
    description: "A conference of advanced exemplars with its quota and programme",
    args: { input: t.arg({ type: CreateConferenceInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const by = await requireWriter(ctx);
      const { input } = parseInput(z.object({ input: createSchema }), args);
      const roots = await sliceRoots(ctx);
      // the host's level is organization's (read before the transaction: no network call holds locks)
      const host = await ctx.facts.chapterLevel(requireIdentity(ctx), input.chapterId, conferenceDay(input.heldOn));
      const { value } = await once(ctx, "createEmulationConference", input, (tx) => createConference(tx, roots, by, { ...input, segments: input.programme }, host));
      return (await conferenceLoader(ctx).load(value))!;
    },
  }),
  approveConferenceDelegation: t.field({
    type: ConferenceRef,
    description:
      "A conference approves its delegation to the next level's conference (EM-CONFERENCE, seed 003: \"Thông qua danh sách đại biểu đi dự Hội nghị cấp trên\"): all or nothing, within that conference's quota (CONFLICT past it); returns the next level's conference",
    args: { input: t.arg({ type: ApproveDelegationInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const by = await requireWriter(ctx);
      const { input } = parseInput(z.object({ input: delegationSchema }), args);
      const roots = await sliceRoots(ctx);
      await once(ctx, "approveConferenceDelegation", input, (tx) => approveDelegation(tx, roots, by, input), () => conflict("Someone in this delegation is already a delegate of that conference from the same chapter: nothing was added."));
      return (await conferenceLoader(ctx).load(input.toConferenceId))!;
    },
  }),
  addConferenceDelegate: t.field({
    type: ConferenceRef,
    deprecationReason: "Use approveConferenceDelegation: each conference approves its own delegation to the next level's (EM-CONFERENCE).",
    description: "Adds a delegate from a lower level's exemplars; refused (CONFLICT) once the quota is reached",
    args: { input: t.arg({ type: AddDelegateInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const by = await requireWriter(ctx);
      const { input } = parseInput(z.object({ input: delegateSchema }), args);
      const roots = await sliceRoots(ctx);
      await once(ctx, "addConferenceDelegate", input, (tx) => addDelegate(tx, roots, by, input), () => conflict("That person from that chapter is already a delegate of this conference."));
      return (await conferenceLoader(ctx).load(input.conferenceId))!;
    },
  }),
  addHonouree: t.field({
    type: HonoureeRef,
    description: "Adds a collective or individual at the end of the honouring list",
    args: { input: t.arg({ type: AddHonoureeInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      await requireWriter(ctx);
      const { input } = parseInput(z.object({ input: honoureeSchema }), args);
      const roots = await sliceRoots(ctx);
      const { value } = await once(ctx, "addHonouree", input, (tx) => addHonouree(tx, roots, input), () => conflict("Another honouree took that place in the list at the same moment: send it again."));
      return (await honoureesLoader(ctx, false).load(input.conferenceId)).find((h) => h.id === value)!;
    },
  }),
  announceHonouree: t.field({
    type: HonoureeRef,
    description: "Marks an honouree announced in the hall; the live screens receive the ceremony's running list (EM-LIVE)",
    args: { honoureeId: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const by = await requireWriter(ctx);
      const { honoureeId } = parseInput(z.object({ honoureeId: uuid }), args);
      const roots = await sliceRoots(ctx);
      const event = await inTransaction(ctx, (tx) => announceHonouree(tx, roots, by, honoureeId));
      await publishHonours(ctx.pubsub, event);
      return (await honoureesLoader(ctx, false).load(event.conferenceId)).find((h) => h.id === honoureeId)!;
    },
  }),
}));
