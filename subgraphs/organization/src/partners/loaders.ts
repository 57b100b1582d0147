// Per-request batching of partner and grant lookups: a page of N grants costs one statement for
// their partners, and a mutation's answer is re-read through the same loaders.
import { requestLoader } from "@chapters/core";
import type { OrgContext } from "../builder.ts";
import { grantsByIds, partnersByIds, type GrantRow, type PartnerRow } from "./read.ts";

export function partnerLoader(ctx: OrgContext) {
  return requestLoader<string, PartnerRow | null>(ctx, "partner", async (ids) => {
    const rows = new Map((await partnersByIds(ctx, ids)).map((r) => [r.id, r]));
    return ids.map((id) => rows.get(id) ?? null);
  });
}

export function grantLoader(ctx: OrgContext) {
  return requestLoader<string, GrantRow | null>(ctx, "partner-grant", async (ids) => {
    const rows = new Map((await grantsByIds(ctx, ids)).map((r) => [r.id, r]));
    return ids.map((id) => rows.get(id) ?? null);
  });
}
