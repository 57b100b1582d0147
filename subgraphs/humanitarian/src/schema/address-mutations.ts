// HA-PROFILE mutations: survey, step along the workflow, needs/priority/publication, CSV import.
// Each: role check → parseInput → slice roots → one transaction in addresses/write.ts → the
// address re-read through its loader (so masking applies).
import { createHash } from "node:crypto";
import { maxLength, parseInput } from "@chapters/core";
import { z } from "zod";
import { builder } from "../builder.ts";
import { requireWriter } from "../access/roles.ts";
import { sliceRoots } from "../access/slice.ts";
import { readAddressCsv, rowsRejected } from "../addresses/import.ts";
import { addressLoader } from "../addresses/loaders.ts";
import { advanceAddress, importAddresses, surveyAddress, updateAddress } from "../addresses/write.ts";
import { addressCategoryLabels } from "../labels.ts";
import { idempotencyKey, name, nationalId, pastOrToday, phone, text, uuid } from "../write/inputs.ts";
import { AddressRef } from "./refs.ts";
import { AddressCategoryEnum, AddressKindEnum, AddressStepEnum } from "./enums.ts";

const SurveyAddressInput = builder.inputType("SurveyAddressInput", {
  fields: (t) => ({
    chapterId: t.id({ required: true }),
    kind: t.field({ type: AddressKindEnum, required: true }),
    category: t.field({ type: AddressCategoryEnum, required: true, description: "The main category" }),
    otherCategories: t.field({ type: [AddressCategoryEnum], required: false, description: "Further categories the address also falls in (e.g. POOR_HOUSEHOLD)" }),
    fullName: t.string({ required: true, description: "The person, or the head of the household" }),
    birthYear: t.int({ required: false }),
    nationalId: t.string({ required: false }),
    phone: t.string({ required: false }),
    addressLine: t.string({ required: true }),
    healthNote: t.string({ required: false }),
    householdSize: t.int({ required: false, defaultValue: 1 }),
    needs: t.string({ required: true }),
    surveyedOn: t.field({ type: "Date", required: true }),
    consentOn: t.field({ type: "Date", required: false, description: "Consent to receive help, if already given" }),
    idempotencyKey: t.string({ required: false }),
  }),
});

const addressCategory = z.enum(Object.keys(addressCategoryLabels) as [keyof typeof addressCategoryLabels, ...(keyof typeof addressCategoryLabels)[]]);

const surveySchema = z
  .object({
    chapterId: uuid,
    kind: z.enum(["PERSON", "HOUSEHOLD"]),
    category: addressCategory,
    otherCategories: z.array(addressCategory).max(10).nullish(),
    fullName: name,
    birthYear: z.number().int().min(1900).max(2100).nullish(),
    nationalId: nationalId.nullish(),
    phone: phone.nullish(),
    addressLine: text(500).min(3, "say where they live"),
    healthNote: text(2000).nullish(),
    householdSize: z.number().int().min(1, "at least 1 person").max(50).default(1),
    needs: text(2000).min(3, "describe the hardship and needs"),
    surveyedOn: pastOrToday,
    consentOn: pastOrToday.nullish(),
    idempotencyKey,
  })
  .refine((a) => !a.consentOn || a.consentOn >= a.surveyedOn, { message: "consent cannot precede the survey", path: ["consentOn"] });

const AdvanceAddressInput = builder.inputType("AdvanceAddressInput", {
  fields: (t) => ({
    addressId: t.id({ required: true }),
    step: t.field({ type: AddressStepEnum, required: true }),
    on: t.field({ type: "Date", required: true }),
    consentOn: t.field({ type: "Date", required: false, description: "Consent to receive help; needed to profile unless recorded at the survey" }),
    closeReason: t.string({ required: false }),
    idempotencyKey: t.string({ required: false }),
  }),
});

const advanceSchema = z.object({
  addressId: uuid,
  step: z.enum(["PROFILED", "APPROVED", "CLOSED"]),
  on: pastOrToday,
  consentOn: pastOrToday.nullish(),
  closeReason: text(500).min(3).nullish(),
  idempotencyKey,
});

const UpdateAddressInput = builder.inputType("UpdateAddressInput", {
  fields: (t) => ({
    addressId: t.id({ required: true }),
    needs: t.string({ required: false }),
    priorityRank: t.int({ required: false, description: "Rank in the chapter's priority list; null clears it" }),
    publishedOn: t.field({ type: "Date", required: false, description: "Published on iNHANDAO on this date; null withdraws it" }),
    idempotencyKey: t.string({ required: false }),
  }),
});

const updateSchema = z.object({
  addressId: uuid,
  needs: text(2000).min(3).nullish(),
  priorityRank: z.number().int().min(1, "ranks start at 1").max(100_000).nullish(),
  publishedOn: pastOrToday.nullish(),
  idempotencyKey,
});

const ImportAddressesResultRef = builder.objectRef<{ ids: string[] }>("ImportAddressesResult").implement({
  fields: (t) => ({
    imported: t.int({ resolve: (r) => r.ids.length }),
    addressIds: t.idList({ resolve: (r) => r.ids }),
  }),
});

const reread = async (ctx: Parameters<typeof addressLoader>[0], id: string) => (await addressLoader(ctx).load(id))!;

builder.mutationFields((t) => ({
  surveyHumanitarianAddress: t.field({
    type: AddressRef,
    description: "Records a surveyed address (khảo sát)",
    args: { input: t.arg({ type: SurveyAddressInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const by = await requireWriter(ctx);
      const { input } = parseInput(z.object({ input: surveySchema }), args);
      return reread(ctx, await surveyAddress(ctx, await sliceRoots(ctx), by, input));
    },
  }),
  advanceHumanitarianAddress: t.field({
    type: AddressRef,
    description: "Moves an address one step: PROFILED (needs consent), APPROVED, or CLOSED",
    args: { input: t.arg({ type: AdvanceAddressInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const by = await requireWriter(ctx);
      const { input } = parseInput(z.object({ input: advanceSchema }), args);
      return reread(ctx, await advanceAddress(ctx, await sliceRoots(ctx), by, input));
    },
  }),
  updateHumanitarianAddress: t.field({
    type: AddressRef,
    description: "Changes needs, priority rank (unique in the chapter) or publication on iNHANDAO",
    args: { input: t.arg({ type: UpdateAddressInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      await requireWriter(ctx);
      const raw = args.input as Record<string, unknown>;
      const { input } = parseInput(z.object({ input: updateSchema }), args);
      // an omitted field is left alone; an explicit null clears it
      const changes = { ...input, priorityRank: "priorityRank" in raw ? (input.priorityRank ?? null) : undefined, publishedOn: "publishedOn" in raw ? (input.publishedOn ?? null) : undefined };
      return reread(ctx, await updateAddress(ctx, await sliceRoots(ctx), changes));
    },
  }),
  importHumanitarianAddresses: t.field({
    type: ImportAddressesResultRef,
    description:
      "Imports surveyed addresses from a commune's CSV (Họ và tên, Năm sinh, Loại, Đối tượng, Số nhân khẩu, Địa chỉ, Số điện thoại, CCCD, Hoàn cảnh, nhu cầu, Ngày khảo sát, Ngày đồng ý nhận trợ giúp). All or nothing: every bad row is listed in extensions.rows",
    args: {
      chapterId: t.arg.id({ required: true }),
      csv: t.arg.string({ required: true, extensions: maxLength(5 * 1024 * 1024) }),
      idempotencyKey: t.arg.string({ required: false }),
    },
    resolve: async (_root, args, ctx) => {
      const by = await requireWriter(ctx);
      const input = parseInput(z.object({ chapterId: uuid, csv: z.string(), idempotencyKey }), args);
      const { rows, problems } = readAddressCsv(input.csv, input.chapterId);
      if (problems.length) throw rowsRejected(problems);
      const digest = createHash("sha256").update(input.csv).digest("hex");
      return { ids: await importAddresses(ctx, await sliceRoots(ctx), by, input.chapterId, rows, input.idempotencyKey, digest) };
    },
  }),
}));
