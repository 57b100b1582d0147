// Per-request loaders for addresses: every address asked for in one request is one statement.
import { requestLoader } from "@chapters/core";
import type { HumanitarianContext } from "../builder.ts";
import { addressesByIds, type AddressRow } from "./read.ts";

/** Addresses by id (null outside the caller's slice). */
export function addressLoader(ctx: HumanitarianContext) {
  return requestLoader<string, AddressRow | null>(ctx, "address@id", async (ids) => {
    const found = new Map((await addressesByIds(ctx, ids)).map((a) => [a.id, a]));
    return ids.map((id) => found.get(id) ?? null);
  });
}
