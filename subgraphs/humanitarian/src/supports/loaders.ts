// Per-request loaders for support records: one statement per list of ids or of addresses.
import { requestLoader } from "@chapters/core";
import type { HumanitarianContext } from "../builder.ts";
import { supportPagesOfAddresses, supportsByIds, type SupportRow } from "./read.ts";

/** Support records by id (null outside the caller's slice). */
export function supportLoader(ctx: HumanitarianContext) {
  return requestLoader<string, SupportRow | null>(ctx, "support@id", async (ids) => {
    const found = new Map((await supportsByIds(ctx, ids)).map((s) => [s.id, s]));
    return ids.map((id) => found.get(id) ?? null);
  });
}

/** One page of each address's support records, for every address listed in the request. */
export function addressSupportsLoader(ctx: HumanitarianContext, page: { limit: number; offset: number }) {
  return requestLoader<string, { items: SupportRow[]; total: number }>(ctx, `address-supports@${page.limit}|${page.offset}`, async (ids) => {
    return supportPagesOfAddresses(ctx, ids, page);
  });
}
