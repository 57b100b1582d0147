// EM-CLASS, EM-DEMOTE, EM-RANK: the year-end result table (each unit with its class,
// explanation, the facts used with their values and owners, cluster and rank), the ranking
// candidates with ties, and the council's mutations: compute, confirm, rank.
import { checkYear, classifyDatabaseFailure, conflict, offsetConnection, parseInput } from "@chapters/core";
import { z } from "zod";
import { builder } from "../builder.ts";
import { requireResultsReader, requireWriter } from "../access/roles.ts";
import { sliceRoots } from "../access/slice.ts";
import { decideFact } from "../facts/decide.ts";
import type { BaseChapterPart, FactDecisionRow, UsedFact } from "../facts/evaluate.ts";
import { classLabels, factSourceLabels, factStatusLabels, rankPlaceLabels, resultStatusLabels } from "../labels.ts";
import { planLoader } from "../plans/read.ts";
import { computeResults, confirmResults } from "../results/compute.ts";
import { decideClusterLeader, recordRank } from "../results/rank.ts";
import { candidatesLoader, chapterResultsLoader, leadersLoader, resultLoader, resultsPageLoader, type Candidate, type LeaderRow, type ResultRow } from "../results/read.ts";
import { reason, text, uuid } from "../write/inputs.ts";
import { inTransaction } from "../write/transaction.ts";
import { ChapterRef } from "./chapter.ts";
import { ArrivalKindEnum, EmulationClassEnum, FactSourceEnum, FactStatusEnum, RankPlaceEnum, ResultStatusEnum } from "./enums.ts";
import { EmulationPlanRef } from "./plan.ts";

const DecisionRef = builder.objectRef<FactDecisionRow>("EmulationFactDecision").implement({
  description: "The council's decision on an UNKNOWN fact (EM-DEMOTE)",
  fields: (t) => ({
    applies: t.exposeBoolean("applies", { description: "The effect the class used: as evaluated, or as the council decided an UNKNOWN fact" }),
    reason: t.exposeString("reason"),
    decidedBy: t.exposeString("decidedBy"),
    decidedAt: t.string({ resolve: (d) => new Date(d.decidedAt).toISOString() }),
  }),
});

const BaseChapterPartRef = builder.objectRef<BaseChapterPart>("EmulationFactBaseChapter").implement({
  description: "One base chapter's own figure against its own target, in a two-level fact (ORG-FUND: the fund at the district and commune levels)",
  fields: (t) => ({
    chapter: t.field({ type: ChapterRef, resolve: (p) => ({ id: p.chapterId }) }),
    code: t.exposeString("code", { nullable: true }),
    actual: t.exposeFloat("actual", { nullable: true }),
    target: t.exposeFloat("target", { nullable: true }),
    meets: t.exposeBoolean("meets", { nullable: true, description: "null: its figure or target is unknown" }),
  }),
});

const FactRef = builder.objectRef<UsedFact>("EmulationFact").implement({
  description: "A fact a classification used: its value, its owner and whether its demotion rule applied (EM-DEMOTE)",
  fields: (t) => ({
    status: t.field({ type: FactStatusEnum, description: "As evaluated from the owner's rows; UNKNOWN when a figure or target is missing", resolve: (f) => f.status ?? (f.applies ? "APPLIES" : "DOES_NOT_APPLY") }),
    statusLabel: t.string({ resolve: (f) => factStatusLabels[f.status ?? (f.applies ? "APPLIES" : "DOES_NOT_APPLY")] }),
    missing: t.stringList({ description: "What the owner does not hold, when UNKNOWN", resolve: (f) => f.missing ?? [] }),
    owner: t.string({ nullable: true, description: "The subgraph that owns what is missing", resolve: (f) => f.owner ?? null }),
    decision: t.field({ type: DecisionRef, nullable: true, description: "The council's decision, for an UNKNOWN fact", resolve: (f) => f.decision ?? null }),
    baseChapters: t.field({ type: [BaseChapterPartRef], nullable: true, description: "For a two-level fact (FUND_TARGET): each base chapter against its own target", resolve: (f) => f.baseChapters ?? null }),
    code: t.exposeString("code", { description: "The plan's demotion rule" }),
    source: t.field({ type: FactSourceEnum, resolve: (f) => f.source }),
    sourceLabel: t.string({ resolve: (f) => factSourceLabels[f.source] }),
    indicatorCode: t.exposeString("indicatorCode", { nullable: true }),
    actual: t.exposeFloat("actual", { nullable: true, description: "As its owner reported it" }),
    target: t.exposeFloat("target", { nullable: true }),
    value: t.exposeFloat("value", { nullable: true, description: "What was compared with the threshold (the actual, or % of the target)" }),
    threshold: t.exposeFloat("threshold", { nullable: true }),
    applies: t.exposeBoolean("applies", { description: "The effect the class used: as evaluated, or as the council decided an UNKNOWN fact" }),
    note: t.exposeString("note"),
    via: t.exposeString("via", { description: "Where it was read: the owner's field" }),
  }),
});

const ResultClusterRef = builder.objectRef<{ id: string; name: string; head: boolean }>("EmulationResultCluster").implement({
  fields: (t) => ({ id: t.exposeID("id"), name: t.exposeString("name"), unitIsHead: t.exposeBoolean("head", { description: "The unit heads the cluster (cụm trưởng)" }) }),
});

export const ResultRef = builder.objectRef<ResultRow>("EmulationResult").implement({
  description: "A unit's classification under a plan: class, reasons, the facts used, cluster and rank; frozen once the council confirms it",
  fields: (t) => ({
    unit: t.field({ type: ChapterRef, description: "The unit (ask its owners' indicators beside the facts used)", resolve: (r) => ({ id: r.unitId }) }),
    unitCode: t.exposeString("unitCode", { nullable: true }),
    plan: t.field({ type: EmulationPlanRef, nullable: true, description: "The plan the unit was classified under", resolve: (r, _a, ctx) => planLoader(ctx).load(r.planId) }),
    class: t.field({ type: EmulationClassEnum, resolve: (r) => r.class }),
    classLabel: t.string({ resolve: (r) => classLabels[r.class] }),
    explanation: t.exposeStringList("explanation"),
    aCount: t.int({ resolve: (r) => r.input.aCount }),
    convertedACount: t.int({ resolve: (r) => r.input.convertedACount }),
    countedA: t.int({ description: "A counted toward the thresholds (converted A not counted)", resolve: (r) => r.input.aCount - r.input.convertedACount }),
    cCount: t.int({ resolve: (r) => r.input.cCount }),
    baseChapterShare: t.float({ nullable: true, description: "null: the unit has no base chapters and is classed on its grades alone (EM-CLASS)", resolve: (r) => r.input.baseChapterShare }),
    hasBaseChapters: t.boolean({ resolve: (r) => r.input.baseChapterShare !== null }),
    registered: t.boolean({ description: "Registered before the plan's deadline (EM-REGISTER); false when late, even if a late registration was accepted (acceptedLate)", resolve: (r) => r.input.registeredOnTime ?? r.input.registered }),
    submittedOnTime: t.boolean({
      description: "The report and the self-scoring sheet (and, in a cluster, its head's forwarding) all arrived before their deadlines; false when any was late, even if accepted (acceptedLate)",
      resolve: (r) => r.input.onTime ?? r.input.submittedOnTime,
    }),
    acceptedLate: t.field({ type: [ArrivalKindEnum], description: "Late arrivals a province officer accepted with a reason: the unit is considered, shown as accepted late, not on time", resolve: (r) => r.input.acceptedLate ?? [] }),
    demotionCodes: t.stringList({ resolve: (r) => r.input.demotionCodes }),
    facts: t.field({ type: [FactRef], description: "Every demotion rule's fact, with its value and owner", resolve: (r) => r.facts }),
    factsCount: t.int({ description: "How many demotion facts the class rests on (EM-DEMOTE)", resolve: (r) => r.facts.length }),
    factsDecidedByCouncil: t.int({ description: "Of those, how many were UNKNOWN and decided by the council by hand", resolve: (r) => r.facts.filter((f) => f.decision).length }),
    factsUndecided: t.int({ description: "UNKNOWN facts the council has not decided yet: the result cannot be confirmed while any remain", resolve: (r) => r.facts.filter((f) => f.status === "UNKNOWN" && !f.decision).length }),
    status: t.field({ type: ResultStatusEnum, resolve: (r) => r.status }),
    statusLabel: t.string({ resolve: (r) => resultStatusLabels[r.status] }),
    computedBy: t.exposeString("computedBy"),
    computedAt: t.string({ resolve: (r) => new Date(r.computedAt).toISOString() }),
    confirmedBy: t.exposeString("confirmedBy", { nullable: true }),
    confirmedAt: t.string({ nullable: true, resolve: (r) => (r.confirmedAt ? new Date(r.confirmedAt).toISOString() : null) }),
    cluster: t.field({ type: ResultClusterRef, nullable: true, resolve: (r) => (r.clusterId ? { id: r.clusterId, name: r.clusterName!, head: r.clusterHead } : null) }),
    rank: t.field({ type: RankPlaceEnum, nullable: true, resolve: (r) => r.rank }),
    rankLabel: t.string({ nullable: true, resolve: (r) => (r.rank ? rankPlaceLabels[r.rank] : null) }),
  }),
});

const LeaderRef = builder.objectRef<LeaderRow>("EmulationClusterLeader").implement({
  description: "The council's recorded decision on which unit leads a cluster (EM-RANK), with its reason",
  fields: (t) => ({
    clusterId: t.exposeID("clusterId"),
    clusterName: t.exposeString("clusterName"),
    unit: t.field({ type: ChapterRef, resolve: (l) => ({ id: l.unitId }) }),
    reason: t.exposeString("reason"),
    decidedBy: t.exposeString("decidedBy"),
    decidedAt: t.string({ resolve: (l) => new Date(l.decidedAt).toISOString() }),
  }),
});

const CandidateRef = builder.objectRef<Candidate>("EmulationRankCandidate").implement({
  description: "The product's proposal of a cluster's leader (EM-RANK): a confirmed Excellent unit with the most counted A, then fewest C; tiedWith lists the units it ties with. The council decides (decideClusterLeader)",
  fields: (t) => ({
    unit: t.field({ type: ChapterRef, resolve: (c) => ({ id: c.unitId }) }),
    clusterName: t.exposeString("clusterName"),
    countedA: t.exposeInt("countedA"),
    cCount: t.exposeInt("cCount"),
    tiedWith: t.field({ type: [ChapterRef], resolve: (c) => c.tiedWith.map((id) => ({ id })) }),
    councilLeader: t.exposeBoolean("councilLeader", { description: "The council recorded this unit as its cluster's leader" }),
    rank: t.field({ type: RankPlaceEnum, nullable: true, resolve: (c) => c.rank }),
  }),
});

builder.objectFields(ChapterRef, (t) => ({
  emulationResults: t.field({
    type: [ResultRef],
    description:
      "This chapter's classifications as a unit in a year, under every plan it took part in (EM-REGISTER: a unit as registered). restated=false: the results recorded for this chapter itself; restated=true: those of every unit whose history went to this chapter on today's tree (ORG-REFORM) — a district dissolved on 1 July 2025 is read from the chapter that took over its area",
    args: { year: t.arg.int({ required: true }), restated: t.arg.boolean({ required: false, defaultValue: false }) },
    resolve: (chapter, args, ctx) => {
      requireResultsReader(ctx);
      return chapterResultsLoader(ctx, checkYear(args.year), args.restated ?? false).load(chapter.id);
    },
  }),
}));

builder.objectFields(EmulationPlanRef, (t) => ({
  results: t.connection({
    type: ResultRef,
    description: "The year-end result table: units in your part of the tree (or of the cluster you head), best class first",
    args: { classes: t.arg({ type: [EmulationClassEnum], required: false }), clusterId: t.arg.id({ required: false }) },
    resolve: (p, args, ctx) => {
      requireResultsReader(ctx);
      const clusterId = args.clusterId && uuid.safeParse(String(args.clusterId)).success ? String(args.clusterId) : null;
      return offsetConnection(args, { pageWithTotal: (page) => resultsPageLoader(ctx, { classes: args.classes ?? null, clusterId }, page).load(p.id) });
    },
  }),
  result: t.field({
    type: ResultRef,
    nullable: true,
    args: { unitId: t.arg.id({ required: true }) },
    resolve: (p, args, ctx) => {
      requireResultsReader(ctx);
      return uuid.safeParse(String(args.unitId)).success ? resultLoader(ctx).load(`${p.id}|${args.unitId}`) : null;
    },
  }),
  clusterLeaders: t.field({
    type: [LeaderRef],
    description: "The council's recorded cluster leaders (EM-RANK): only these can be ranked",
    resolve: (p, _a, ctx) => {
      requireResultsReader(ctx);
      return leadersLoader(ctx).load(p.id);
    },
  }),
  rankingCandidates: t.field({
    type: [CandidateRef],
    description: "The product's proposal: confirmed Excellent units leading their cluster on the count (most A, then fewest C), with ties surfaced (EM-RANK); the council decides",
    resolve: (p, _a, ctx) => {
      requireResultsReader(ctx);
      return candidatesLoader(ctx).load(p.id);
    },
  }),
}));

const ComputeInput = builder.inputType("ComputeEmulationResultsInput", {
  fields: (t) => ({ planId: t.id({ required: true }), unitIds: t.idList({ required: false, description: "Only these units (default: every unit of the plan)" }) }),
});
const ConfirmInput = builder.inputType("ConfirmEmulationResultsInput", {
  fields: (t) => ({ planId: t.id({ required: true }), unitIds: t.idList({ required: true }) }),
});
const DecideFactInput = builder.inputType("DecideEmulationFactInput", {
  description: "The council's decision on an UNKNOWN fact of a unit's result (EM-DEMOTE)",
  fields: (t) => ({
    planId: t.id({ required: true }),
    unitId: t.id({ required: true }),
    code: t.string({ required: true, description: "The plan's demotion rule, e.g. FUND_TARGET" }),
    applies: t.boolean({ required: true, description: "true: the rule applies (the unit is demoted or not considered, as the rule says)" }),
    reason: t.string({ required: true, description: "Why, as the council's minutes record it" }),
  }),
});
const LeaderInput = builder.inputType("DecideClusterLeaderInput", {
  description: "The council's decision on which unit leads a cluster (EM-RANK)",
  fields: (t) => ({ planId: t.id({ required: true }), clusterId: t.id({ required: true }), unitId: t.id({ required: true }), reason: t.string({ required: true, description: "The council's reason (minutes, decision number)" }) }),
});
const RankInput = builder.inputType("RecordEmulationRankInput", {
  fields: (t) => ({ planId: t.id({ required: true }), unitId: t.id({ required: true }), place: t.field({ type: RankPlaceEnum, required: true }), note: t.string({ required: true, description: "The council's decision (number, date)" }) }),
});

builder.mutationFields((t) => ({
  computeEmulationResults: t.field({
    type: EmulationPlanRef,
    description: "Classifies the plan's units from their verified sheets and the facts their owners report (the plan's chapter only); confirmed results stay frozen",
    args: { input: t.arg({ type: ComputeInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const by = await requireWriter(ctx);
      const { input } = parseInput(z.object({ input: z.object({ planId: uuid, unitIds: z.array(uuid).max(500).nullish() }) }), args);
      await computeResults(ctx, await sliceRoots(ctx), by, input);
      return (await planLoader(ctx).load(input.planId))!;
    },
  }),
  confirmEmulationResults: t.field({
    type: EmulationPlanRef,
    description: "The council confirms classifications, which freezes them and their verified sheets",
    args: { input: t.arg({ type: ConfirmInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const by = await requireWriter(ctx);
      const { input } = parseInput(z.object({ input: z.object({ planId: uuid, unitIds: z.array(uuid).min(1).max(500) }) }), args);
      const roots = await sliceRoots(ctx);
      await inTransaction(ctx, (tx) => confirmResults(tx, roots, by, input));
      return (await planLoader(ctx).load(input.planId))!;
    },
  }),
  decideEmulationFact: t.field({
    type: ResultRef,
    description: "The council decides a fact its owner could not give (UNKNOWN): applies or not, with a reason; the unit's class follows at once (refused once confirmed)",
    args: { input: t.arg({ type: DecideFactInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const by = await requireWriter(ctx);
      const { input } = parseInput(z.object({ input: z.object({ planId: uuid, unitId: uuid, code: z.string().trim().min(1).max(40), applies: z.boolean(), reason: reason }) }), args);
      const roots = await sliceRoots(ctx);
      await inTransaction(ctx, (tx) => decideFact(tx, roots, by, input));
      return (await resultLoader(ctx).load(`${input.planId}|${input.unitId}`))!;
    },
  }),
  decideClusterLeader: t.field({
    type: EmulationPlanRef,
    description: "The council records which unit leads a cluster, with its reason; it may differ from rankingCandidates' proposal (refused once a unit of the cluster is ranked)",
    args: { input: t.arg({ type: LeaderInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const by = await requireWriter(ctx);
      const { input } = parseInput(z.object({ input: z.object({ planId: uuid, clusterId: uuid, unitId: uuid, reason }) }), args);
      const roots = await sliceRoots(ctx);
      await inTransaction(ctx, (tx) => decideClusterLeader(tx, roots, by, input));
      return (await planLoader(ctx).load(input.planId))!;
    },
  }),
  recordEmulationRank: t.field({
    type: ResultRef,
    description: "Records the council's rank (First, Second, Third) for a confirmed Excellent unit the council recorded as leading its cluster",
    args: { input: t.arg({ type: RankInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const by = await requireWriter(ctx);
      const { input } = parseInput(z.object({ input: z.object({ planId: uuid, unitId: uuid, place: z.enum(["FIRST", "SECOND", "THIRD"]), note: text(3, 500) }) }), args);
      const roots = await sliceRoots(ctx);
      await inTransaction(ctx, (tx) => recordRank(tx, roots, by, input)).catch((error: unknown) => {
        if (classifyDatabaseFailure(error) === "race") throw conflict("That place (or that unit) is already ranked under this plan: the council records each place once.");
        throw error;
      });
      return (await resultLoader(ctx).load(`${input.planId}|${input.unitId}`))!;
    },
  }),
}));
