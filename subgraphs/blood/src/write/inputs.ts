// Input rules shared by the blood mutations (zod: a failure is one BAD_USER_INPUT naming each field).
import { todayInVietnam } from "@chapters/core";
import { z } from "zod";

export { uuid } from "@chapters/core";
export const idempotencyKey = z.string().trim().min(1).max(200).nullish();
export const pastOrToday = z.date().refine((d) => d <= todayInVietnam(), "cannot be in the future");
/** Vietnamese citizen ID (CCCD, 12 digits) or the older ID card (CMND, 9 digits) */
export const nationalId = z.string().trim().regex(/^(\d{9}|\d{12})$/, "must be 12 digits (CCCD) or 9 digits (CMND)");
/** stored as 0xxxxxxxxx, so "+84 912 345 678" and "0912345678" are found as the same number */
export const phone = z
  .string()
  .transform((s) => s.replace(/[\s.-]/g, "").replace(/^\+84/, "0"))
  .pipe(z.string().regex(/^0\d{9}$/, "must be a Vietnamese phone number, 10 digits starting with 0"));
