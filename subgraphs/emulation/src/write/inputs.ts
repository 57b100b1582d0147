// Input atoms shared by the emulation mutations (zod: a failure is one BAD_USER_INPUT naming
// each field).
import { z } from "zod";

export { uuid } from "@chapters/core";
export const idempotencyKey = z.string().trim().min(1).max(200).nullish();
export const text = (min: number, max: number) => z.string().trim().min(min, `must be at least ${min} characters`).max(max, `must be at most ${max} characters`);
export const year = z.number().int().min(2000, "must be 2000 or later").max(2100, "must be 2100 or earlier");
export const code = z.string().trim().regex(/^[A-Z][A-Z0-9_]{1,39}$/, "must be an upper-case code such as DUES or MEMBER_GROWTH");
export const reason = text(3, 500);
