// Input atoms shared by the humanitarian mutations (zod: a failure is one BAD_USER_INPUT naming
// each field). Shapes of the same facts as blood's and organization's inputs.
import { parseInput, todayInVietnam } from "@chapters/core";
import { z } from "zod";

export { uuid } from "@chapters/core";
export const idempotencyKey = z.string().trim().min(1).max(200).nullish();
export const pastOrToday = z.date().refine((d) => d <= todayInVietnam(), "cannot be in the future");
export const name = z.string().trim().min(2, "must be at least 2 characters").max(200);
export const text = (max: number) => z.string().trim().max(max);
/** Vietnamese citizen ID (CCCD, 12 digits) or the older ID card (CMND, 9 digits) */
export const nationalId = z.string().trim().regex(/^(\d{9}|\d{12})$/, "must be 12 digits (CCCD) or 9 digits (CMND)");
/** stored as 0xxxxxxxxx, so "+84 912 345 678" and "0912345678" are the same number */
export const phone = z
  .string()
  .transform((s) => s.replace(/[\s.-]/g, "").replace(/^\+84/, "0"))
  .pipe(z.string().regex(/^0\d{9}$/, "must be a Vietnamese phone number, 10 digits starting with 0"));
/** a receipt or decision number, compared as written (spaces at the ends dropped) */
export const reference = z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters");
/** whole đồng, already a bigint from the Money scalar */
export const money = z.bigint().refine((v) => v > 0n, "must be more than 0 đồng");
export const moneyOrZero = z.bigint().refine((v) => v >= 0n, "cannot be negative");
export const year = z.number().int().min(2000, "must be 2000 or later").max(2100, "must be 2100 or earlier");

/** A read's year argument, held to the same bounds as a written one: a year like -2147483627
 * made an invalid date, and the SQL built from it failed as an internal error. */
// built once: zod compiles a schema on its first parse, which a schema made per call (this runs
// for every chapter of a dashboard) pays every time
const yearArgument = z.object({ year });
export const readYear = (value: number): number => parseInput(yearArgument, { year: value }).year;
