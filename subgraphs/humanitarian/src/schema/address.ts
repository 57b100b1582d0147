// HA-PROFILE: humanitarian addresses (địa chỉ nhân đạo). Personal and health data are masked
// unless the caller sees personal data (access/roles.ts); each step shows who and when.
import { maskName, maskPhone, offsetConnection, parseInput, type RequestContext } from "@chapters/core";
import { z } from "zod";
import { builder } from "../builder.ts";
import { requireRecordReader, seesPersonalData } from "../access/roles.ts";
import { addressLoader } from "../addresses/loaders.ts";
import { countAddresses, listAddresses, type AddressRow } from "../addresses/read.ts";
import { addressCategoryLabels, addressKindLabels, addressStatusLabels } from "../labels.ts";
import { uuid } from "../write/inputs.ts";
import { addressSupportsLoader } from "../supports/loaders.ts";
import { ChapterRef } from "./chapter.ts";
import { AddressCategoryEnum, AddressKindEnum, AddressStatusEnum } from "./enums.ts";
import { AddressRef, SupportRecordRef } from "./refs.ts";

interface Step {
  on: Date;
  by: string;
}

const StepRef = builder.objectRef<Step>("AddressStepRecord").implement({
  description: "When a workflow step was recorded, and by whom (the officer's account)",
  fields: (t) => ({ on: t.field({ type: "Date", resolve: (s) => s.on }), by: t.exposeString("by") }),
});

const step = (on: Date | null, by: string | null): Step | null => (on && by ? { on, by } : null);

/** Personal data shows unmasked only to those who see it, and that read is audited (docs/partners-and-audit.md). */
const shownAddress = (ctx: RequestContext, a: AddressRow) => seesPersonalData(ctx, { type: "HumanitarianAddress", id: a.id });

AddressRef.implement({
  description: "A person or household in hardship, surveyed, profiled, approved and supported by a chapter (địa chỉ nhân đạo)",
  fields: (t) => ({
    id: t.exposeID("id"),
    chapter: t.field({ type: ChapterRef, resolve: (a) => ({ id: a.chapterId }) }),
    kind: t.field({ type: AddressKindEnum, resolve: (a) => a.kind }),
    kindLabel: t.string({ resolve: (a) => addressKindLabels[a.kind] }),
    category: t.field({ type: AddressCategoryEnum, resolve: (a) => a.category }),
    categoryLabel: t.string({ resolve: (a) => addressCategoryLabels[a.category] }),
    categories: t.field({ type: [AddressCategoryEnum], description: "Every category the address falls in, the main one first (HA-PROFILE)", resolve: (a) => a.categories }),
    categoryLabels: t.stringList({ resolve: (a) => a.categories.map((c) => addressCategoryLabels[c]) }),
    status: t.field({ type: AddressStatusEnum, resolve: (a) => a.status }),
    statusLabel: t.string({ resolve: (a) => addressStatusLabels[a.status] }),
    fullName: t.string({ description: "Masked (\"Nguyễn V. A.\") unless you see personal data", resolve: (a, _x, ctx) => (shownAddress(ctx, a) ? a.fullName : maskName(a.fullName)) }),
    birthYear: t.int({ nullable: true, resolve: (a, _x, ctx) => (shownAddress(ctx, a) ? a.birthYear : null) }),
    nationalId: t.string({ nullable: true, description: "CCCD; null unless you see personal data", resolve: (a, _x, ctx) => (shownAddress(ctx, a) ? a.nationalId : null) }),
    phone: t.string({ nullable: true, resolve: (a, _x, ctx) => (shownAddress(ctx, a) ? a.phone : maskPhone(a.phone)) }),
    addressLine: t.string({ nullable: true, description: "Where they live (địa chỉ); null unless you see personal data", resolve: (a, _x, ctx) => (shownAddress(ctx, a) ? a.addressLine : null) }),
    healthNote: t.string({ nullable: true, description: "Health situation (tình trạng sức khỏe); null unless you see personal data", resolve: (a, _x, ctx) => (shownAddress(ctx, a) ? a.healthNote : null) }),
    householdSize: t.exposeInt("householdSize", { description: "People in the household (số nhân khẩu)" }),
    needs: t.string({ description: "Hardship and needs (hoàn cảnh, nhu cầu); withheld unless you see personal data", resolve: (a, _x, ctx) => (shownAddress(ctx, a) ? a.needs : "•••") }),
    priorityRank: t.exposeInt("priorityRank", { nullable: true, description: "Rank in the chapter's priority list (1 = first)" }),
    consent: t.field({ type: StepRef, nullable: true, description: "Consent to receive help (đồng ý nhận trợ giúp)", resolve: (a) => step(a.consentOn, a.consentBy) }),
    surveyed: t.field({ type: StepRef, resolve: (a) => ({ on: a.surveyedOn, by: a.surveyedBy }) }),
    profiled: t.field({ type: StepRef, nullable: true, resolve: (a) => step(a.profiledOn, a.profiledBy) }),
    approved: t.field({ type: StepRef, nullable: true, resolve: (a) => step(a.approvedOn, a.approvedBy) }),
    supported: t.field({ type: StepRef, nullable: true, resolve: (a) => step(a.supportedOn, a.supportedBy) }),
    closed: t.field({ type: StepRef, nullable: true, resolve: (a) => step(a.closedOn, a.closedBy) }),
    closeReason: t.exposeString("closeReason", { nullable: true }),
    published: t.boolean({ description: "Published on the national online-giving system (iNHANDAO)", resolve: (a) => a.publishedOn !== null }),
    publishedOn: t.field({ type: "Date", nullable: true, resolve: (a) => a.publishedOn }),
    supports: t.connection({
      type: SupportRecordRef,
      description: "Support given to this address, newest first",
      resolve: (a, args, ctx) => offsetConnection(args, { pageWithTotal: (page) => addressSupportsLoader(ctx, page).load(a.id) }),
    }),
  }),
});

/** a chapter filter that is not an id is the caller's mistake (BAD_USER_INPUT), not a failed query */
const addressFilterArgs = z.object({ chapterId: uuid.nullish() });

builder.queryFields((t) => ({
  humanitarianAddresses: t.connection({
    type: AddressRef,
    description: "Addresses in your part of the tree, in priority order per chapter",
    args: {
      chapterId: t.arg.id({ required: false, description: "Only this chapter and the chapters below it" }),
      statuses: t.arg({ type: [AddressStatusEnum], required: false }),
      categories: t.arg({ type: [AddressCategoryEnum], required: false }),
      published: t.arg.boolean({ required: false }),
    },
    resolve: (_root, args, ctx) => {
      requireRecordReader(ctx);
      const { chapterId } = parseInput(addressFilterArgs, { chapterId: args.chapterId == null ? null : String(args.chapterId) });
      const filter = { chapterId: chapterId ?? null, statuses: args.statuses, categories: args.categories, published: args.published };
      return offsetConnection(args, { page: (page) => listAddresses(ctx, filter, page), count: () => countAddresses(ctx, filter) });
    },
  }),
  humanitarianAddress: t.field({
    type: AddressRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => {
      requireRecordReader(ctx);
      return /^[0-9a-f-]{36}$/i.test(String(args.id)) ? addressLoader(ctx).load(String(args.id)) : null;
    },
  }),
}));
