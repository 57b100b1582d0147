// HA-PLEDGE, ORG-PEOPLE: the heads of agencies and organisations in a chapter's area — the list the
// pledged rate divides by — read a page at a time and imported from the chapter's CSV.
import { createHash } from "node:crypto";
import { maskName, maskPhone, maxLength, offsetConnection, parseInput, type RequestContext } from "@chapters/core";
import { z } from "zod";
import { builder } from "../builder.ts";
import { requireRecordReader, requireWriter, seesPersonalData } from "../access/roles.ts";
import { sliceRoots } from "../access/slice.ts";
import { rowsRejected } from "../addresses/import.ts";
import { readHeadCsv } from "../heads/import.ts";
import { countHeads, listHeads, type HeadRecord } from "../heads/read.ts";
import { importHeads, type HeadsImported } from "../heads/write.ts";
import { sponsorLoader } from "../sponsors/read.ts";
import { idempotencyKey, uuid } from "../write/inputs.ts";
import { ChapterRef } from "./chapter.ts";
import { SponsorRef } from "./refs.ts";

/** A head's name and phone are personal data: unmasked only to those who see it, and that read is audited. */
const shown = (ctx: RequestContext, h: HeadRecord) => seesPersonalData(ctx, { type: "AgencyHead", id: h.id });

const AgencyHeadRef = builder.objectRef<HeadRecord>("AgencyHead").implement({
  description: "A head of an agency or organisation in a chapter's area (người đứng đầu cơ quan, tổ chức; HA-PLEDGE)",
  fields: (t) => ({
    id: t.exposeID("id"),
    chapter: t.field({ type: ChapterRef, description: "The chapter whose list names the head", resolve: (h) => ({ id: h.chapterId }) }),
    reference: t.exposeString("reference", { description: "The list's own key for the head (Mã), unique in the chapter" }),
    fullName: t.string({ description: "Masked unless you see personal data", resolve: (h, _a, ctx) => (shown(ctx, h) ? h.fullName : maskName(h.fullName)) }),
    position: t.exposeString("position", { description: "Chức vụ" }),
    organisation: t.exposeString("organisation", { description: "Cơ quan, tổ chức" }),
    phone: t.string({ nullable: true, description: "Masked unless you see personal data", resolve: (h, _a, ctx) => (shown(ctx, h) ? h.phone : maskPhone(h.phone)) }),
    servesFrom: t.field({ type: "Date", resolve: (h) => h.servesFrom }),
    servesUntil: t.field({ type: "Date", nullable: true, resolve: (h) => h.servesUntil }),
    sponsor: t.field({
      type: SponsorRef,
      nullable: true,
      description: "The head's own sponsor record: the head counts as pledged in a year one of its pledges runs",
      resolve: (h, _a, ctx) => (h.sponsorId ? sponsorLoader(ctx).load(h.sponsorId) : null),
    }),
  }),
});

const ImportHeadsResultRef = builder.objectRef<HeadsImported>("ImportAgencyHeadsResult").implement({
  fields: (t) => ({
    added: t.exposeInt("added"),
    updated: t.exposeInt("updated", { description: "Rows whose Mã was listed already, changed by the file" }),
    unchanged: t.exposeInt("unchanged", { description: "Rows already listed exactly so (a file imported again changes nothing)" }),
  }),
});

builder.queryFields((t) => ({
  agencyHeads: t.connection({
    type: AgencyHeadRef,
    description: "Heads of agencies and organisations listed in your chapters (HA-PLEDGE), optionally only in one chapter's area",
    args: { chapterId: t.arg.id({ required: false }) },
    resolve: (_root, args, ctx) => {
      requireRecordReader(ctx);
      const { chapterId } = parseInput(z.object({ chapterId: uuid.nullish() }), { chapterId: args.chapterId });
      return offsetConnection(args, { page: (page) => listHeads(ctx, chapterId, page), count: () => countHeads(ctx, chapterId) });
    },
  }),
}));

builder.mutationFields((t) => ({
  importAgencyHeads: t.field({
    type: ImportHeadsResultRef,
    description:
      "Imports a chapter's list of heads of agencies and organisations from CSV (Mã, Họ và tên, Chức vụ, Cơ quan, tổ chức, Số điện thoại, Từ ngày, Đến ngày, Mã nhà tài trợ). A row is keyed by its Mã: the same file twice changes nothing. All or nothing: every bad row is listed in extensions.rows",
    args: {
      chapterId: t.arg.id({ required: true }),
      csv: t.arg.string({ required: true, extensions: maxLength(5 * 1024 * 1024) }),
      idempotencyKey: t.arg.string({ required: false }),
    },
    resolve: async (_root, args, ctx) => {
      const by = await requireWriter(ctx);
      const input = parseInput(z.object({ chapterId: uuid, csv: z.string(), idempotencyKey }), args);
      const { rows, problems } = readHeadCsv(input.csv);
      if (problems.length) throw rowsRejected(problems);
      const digest = createHash("sha256").update(input.csv).digest("hex");
      return importHeads(ctx, await sliceRoots(ctx), by, input.chapterId, rows, input.idempotencyKey, digest);
    },
  }),
}));
