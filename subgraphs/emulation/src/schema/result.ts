// EM-CLASS, EM-DEMOTE, EM-RANK: the year-end result table (each unit with its class,
// explanation, the facts used with their values and owners, cluster and rank), the ranking
// candidates with ties, and the council's mutations: compute, confirm, rank.
import { classifyDatabaseFailure, conflict, pagedConnection, parseInput } from "@chapters/core";
import { z } from "zod";
import { builder } from "../builder.ts";
import { requireResultsReader, requireWriter } from "../access/roles.ts";
import { sliceRoots } from "../access/slice.ts";
import type { UsedFact } from "../facts/evaluate.ts";
import { classLabels, factSourceLabels, rankPlaceLabels, resultStatusLabels } from "../labels.ts";
import { planLoader } from "../plans/read.ts";
import { computeResults, confirmResults } from "../results/compute.ts";
import { recordRank } from "../results/rank.ts";
import { candidatesLoader, resultLoader, resultsPageLoader, type Candidate, type ResultRow } from "../results/read.ts";
import { text, uuid } from "../write/inputs.ts";
import { inTransaction } from "../write/transaction.ts";
import { ChapterRef } from "./chapter.ts";
import { EmulationClassEnum, FactSourceEnum, RankPlaceEnum, ResultStatusEnum } from "./enums.ts";
import { EmulationPlanRef } from "./plan.ts";

const FactRef = builder.objectRef<UsedFact>("EmulationFact").implement({
  description: "A fact a classification used: its value, its owner and whether its demotion rule applied (EM-DEMOTE)",
  fields: (t) => ({
    code: t.exposeString("code", { description: "The plan's demotion rule" }),
    source: t.field({ type: FactSourceEnum, resolve: (f) => f.source }),
    sourceLabel: t.string({ resolve: (f) => factSourceLabels[f.source] }),
    indicatorCode: t.exposeString("indicatorCode", { nullable: true }),
    actual: t.exposeFloat("actual", { nullable: true, description: "As its owner reported it" }),
    target: t.exposeFloat("target", { nullable: true }),
    value: t.exposeFloat("value", { nullable: true, description: "What was compared with the threshold (the actual, or % of the target)" }),
    threshold: t.exposeFloat("threshold", { nullable: true }),
    applies: t.exposeBoolean("applies"),
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
    class: t.field({ type: EmulationClassEnum, resolve: (r) => r.class }),
    classLabel: t.string({ resolve: (r) => classLabels[r.class] }),
    explanation: t.exposeStringList("explanation"),
    aCount: t.int({ resolve: (r) => r.input.aCount }),
    convertedACount: t.int({ resolve: (r) => r.input.convertedACount }),
    countedA: t.int({ description: "A counted toward the thresholds (converted A not counted)", resolve: (r) => r.input.aCount - r.input.convertedACount }),
    cCount: t.int({ resolve: (r) => r.input.cCount }),
    baseChapterShare: t.float({ resolve: (r) => r.input.baseChapterShare }),
    registered: t.boolean({ resolve: (r) => r.input.registered }),
    submittedOnTime: t.boolean({ resolve: (r) => r.input.submittedOnTime }),
    demotionCodes: t.stringList({ resolve: (r) => r.input.demotionCodes }),
    facts: t.field({ type: [FactRef], description: "Every demotion rule's fact, with its value and owner", resolve: (r) => r.facts }),
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

const CandidateRef = builder.objectRef<Candidate>("EmulationRankCandidate").implement({
  description: "A confirmed Excellent unit leading its cluster (EM-RANK); tiedWith lists the units it ties with, for the council",
  fields: (t) => ({
    unit: t.field({ type: ChapterRef, resolve: (c) => ({ id: c.unitId }) }),
    clusterName: t.exposeString("clusterName"),
    countedA: t.exposeInt("countedA"),
    cCount: t.exposeInt("cCount"),
    tiedWith: t.field({ type: [ChapterRef], resolve: (c) => c.tiedWith.map((id) => ({ id })) }),
    rank: t.field({ type: RankPlaceEnum, nullable: true, resolve: (c) => c.rank }),
  }),
});

builder.objectFields(EmulationPlanRef, (t) => ({
  results: t.connection({
    type: ResultRef,
    description: "The year-end result table: units in your part of the tree (or of the cluster you head), best class first",
    args: { classes: t.arg({ type: [EmulationClassEnum], required: false }), clusterId: t.arg.id({ required: false }) },
    resolve: (p, args, ctx) => {
      requireResultsReader(ctx);
      const clusterId = args.clusterId && uuid.safeParse(String(args.clusterId)).success ? String(args.clusterId) : null;
      return pagedConnection(args, (page) => resultsPageLoader(ctx, { classes: args.classes ?? null, clusterId }, page).load(p.id));
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
  rankingCandidates: t.field({
    type: [CandidateRef],
    description: "Confirmed Excellent units leading their cluster, with ties surfaced (EM-RANK)",
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
  recordEmulationRank: t.field({
    type: ResultRef,
    description: "Records the council's rank (First, Second, Third) for an Excellent unit leading its cluster",
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
