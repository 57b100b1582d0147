// HA-PROFILE: the first counted support of an approved address moves it to SUPPORTED, dated by the
// gift. A chapter-fund gift counts (and so moves the address) only once its fund line is written.
import { sql } from "@chapters/core";
import type { Tx } from "../write/transaction.ts";

/** Moves an APPROVED address to SUPPORTED (nothing for any other status). */
export async function markAddressSupported(tx: Tx, addressId: string, givenOn: Date, by: string): Promise<void> {
  await tx.$executeRaw(sql`
    UPDATE "HumanitarianAddress" SET status = 'SUPPORTED', "supportedOn" = ${givenOn}::date, "supportedBy" = ${by}
    WHERE id = ${addressId}::uuid AND status = 'APPROVED'`);
}
