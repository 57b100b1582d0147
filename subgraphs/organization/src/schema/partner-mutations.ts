// The mutations that keep partners and their grants (docs/partners-and-audit.md): ordinary mutations, each one
// transaction (partners/write.ts), returning the changed record re-read through its loader.
import { auditAs, badInputFields, grantScopes, isGrantScope, parseInput, todayInVietnam, uuid } from "@chapters/core";
import { z } from "zod";
import { builder } from "../builder.ts";
import { grantLoader, partnerLoader } from "../partners/loaders.ts";
import { registeredOperations } from "../partners/operations.ts";
import { changePartnerGrant, createPartner, grantPartnerAccess, revokePartnerGrant } from "../partners/write.ts";
import { idempotencyKey as key } from "../write/transaction.ts";
import { PartnerGrantRef, PartnerKindEnum, partnerKindLabels, PartnerRef } from "./partners.ts";

const reason = z.string().trim().min(1, "say why (it is kept with the grant)").max(2000);
const scopes = z
  .array(z.string())
  .min(1, "name at least one scope")
  .refine((names) => names.every(isGrantScope), { message: `unknown scope; valid scopes: ${grantScopes.join(", ")}` })
  .transform((names) => [...new Set(names)].sort());
const operations = z
  .array(z.string())
  .transform((names) => [...new Set(names)].sort())
  .superRefine((names, ctx) => {
    const unknown = names.filter((n) => !registeredOperations().includes(n));
    if (unknown.length) ctx.addIssue({ code: "custom", message: `not registered: ${unknown.join(", ")}; registered operations: ${registeredOperations().join(", ")}` });
  });

const PartnerInput = builder.inputType("CreatePartnerInput", {
  fields: (t) => ({
    name: t.string({ required: true }),
    kind: t.field({ type: PartnerKindEnum, required: true }),
    contact: t.string({ required: true, description: "Who to call there: name, phone or e-mail" }),
    idempotencyKey: t.string({ required: false }),
  }),
});
const partnerSchema = z.object({
  name: z.string().trim().min(1, "give its name").max(300),
  kind: z.enum(Object.keys(partnerKindLabels) as [keyof typeof partnerKindLabels]),
  contact: z.string().trim().min(1, "give someone to contact there").max(500),
  idempotencyKey: key,
});

const GrantInput = builder.inputType("GrantPartnerAccessInput", {
  fields: (t) => ({
    partnerId: t.id({ required: true }),
    chapterId: t.id({ required: true, description: "Root of the slice: this chapter and the chapters below it, inside your own subtree" }),
    scopes: t.stringList({ required: true, description: "Scopes from partnerGrantScopes, e.g. blood-stock" }),
    operations: t.stringList({ required: false, description: "Registered operation names the partner may run; none = every registered operation" }),
    validFrom: t.field({ type: "Date", required: false, description: "First day in force (default today)" }),
    validUntil: t.field({ type: "Date", required: true, description: "First day no longer in force" }),
    reason: t.string({ required: true }),
    idempotencyKey: t.string({ required: false }),
  }),
});
const grantSchema = z
  .object({
    partnerId: uuid,
    chapterId: uuid,
    scopes,
    operations: operations.nullish().transform((names) => names ?? []),
    validFrom: z.date().nullish().transform((day) => day ?? todayInVietnam()),
    validUntil: z.date(),
    reason,
    idempotencyKey: key,
  })
  .refine((g) => g.validUntil > g.validFrom, { path: ["validUntil"], message: "must be after validFrom" });

const ChangeInput = builder.inputType("ChangePartnerGrantInput", {
  fields: (t) => ({
    grantId: t.id({ required: true }),
    scopes: t.stringList({ required: false, description: "The new scopes (all of them), if they change" }),
    operations: t.stringList({ required: false, description: "The new operations (all of them; [] = every registered one), if they change" }),
    validUntil: t.field({ type: "Date", required: false, description: "The new first day no longer in force" }),
    reason: t.string({ required: true, description: "Why it changes" }),
    idempotencyKey: t.string({ required: false }),
  }),
});
const changeSchema = z.object({ grantId: uuid, scopes: scopes.nullish(), operations: operations.nullish(), validUntil: z.date().nullish(), reason, idempotencyKey: key });

const RevokeInput = builder.inputType("RevokePartnerGrantInput", {
  fields: (t) => ({ grantId: t.id({ required: true }), reason: t.string({ required: true }), idempotencyKey: t.string({ required: false }) }),
});
const revokeSchema = z.object({ grantId: uuid, reason, idempotencyKey: key });

/** The grant just written, through its loader (the caller manages it, so it is in the slice). */
const reread = async (ctx: Parameters<typeof grantLoader>[0], id: string) => (await grantLoader(ctx).load(id))!;

builder.mutationFields((t) => ({
  createPartner: t.field({
    type: PartnerRef,
    description: "Records a partner agency (ADMIN): grants then say what it may read",
    args: { input: t.arg({ type: PartnerInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const { input } = parseInput(z.object({ input: partnerSchema }), args);
      return (await partnerLoader(ctx).load(await createPartner(ctx, input)))!;
    },
  }),
  grantPartnerAccess: t.field({
    type: PartnerGrantRef,
    extensions: auditAs("GRANT_CHANGE"),
    description: "Grants a partner scopes over a chapter's slice inside your own subtree, for a period (ADMIN)",
    args: { input: t.arg({ type: GrantInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const { input } = parseInput(z.object({ input: grantSchema }), args);
      return reread(ctx, await grantPartnerAccess(ctx, input));
    },
  }),
  changePartnerGrant: t.field({
    type: PartnerGrantRef,
    extensions: auditAs("GRANT_CHANGE"),
    description: "Changes a grant's scopes, operations or end (ADMIN of the granting chapter or above); takes effect on the partner's next request",
    args: { input: t.arg({ type: ChangeInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const { input } = parseInput(z.object({ input: changeSchema }), args);
      if (!input.scopes && !input.operations && !input.validUntil) {
        throw badInputFields([{ field: "input", message: "give the new scopes, operations or validUntil" }]);
      }
      return reread(ctx, await changePartnerGrant(ctx, input));
    },
  }),
  revokePartnerGrant: t.field({
    type: PartnerGrantRef,
    extensions: auditAs("GRANT_CHANGE"),
    description: "Revokes a grant at once (ADMIN of the granting chapter or above): the partner's next request and live streams are refused",
    args: { input: t.arg({ type: RevokeInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const { input } = parseInput(z.object({ input: revokeSchema }), args);
      return reread(ctx, await revokePartnerGrant(ctx, input));
    },
  }),
}));
