// The project's one pagination style: relay connections, at most 1,000 per page, a lazily
// counted totalCount, oversized or negative pages refused (not clamped).
import { checkPageArgs } from "@chapters/core";

export const PAGE = { defaultSize: 50, maxSize: 1000 };

export function pageArgs<A extends { first?: number | null; last?: number | null }>(args: A): A {
  checkPageArgs(args, PAGE.maxSize);
  return args;
}

export async function withTotal<C extends object>(connection: Promise<C>, total: () => Promise<number>) {
  return Object.assign(await connection, { totalCount: total });
}
