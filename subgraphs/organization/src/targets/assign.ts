// ORG-TARGETS "giao chỉ tiêu": a chapter assigns yearly targets to the chapters directly below
// it. Checks that do not need the caller (units, children) live here; the transaction and the
// access check are in the mutation.
import { badInput, formatIsoDate, notFound } from "@chapters/core";
import type { Prisma } from "../generated/prisma/client.ts";
import type { IndicatorUnit } from "../generated/prisma/enums.ts";
import type { TargetKey } from "./read.ts";

export interface Assignment {
  parentId: string;
  year: number;
  indicatorCode: string;
  targets: { chapterId: string; value: number }[];
}

export function checkValue(unit: IndicatorUnit, value: number, where: string): void {
  if (!Number.isFinite(value) || value < 0) throw badInput(`${where}: a target cannot be negative.`);
  if (unit === "PERCENT" && value > 100) throw badInput(`${where}: a percentage target is between 0 and 100 (got ${value}).`);
  if (unit !== "PERCENT" && !Number.isInteger(value)) throw badInput(`${where}: a ${unit} target is a whole number (got ${value}).`);
}

/** Writes (or replaces) the targets; every chapter must sit directly under the parent on `on`. */
export async function writeAssignment(tx: Prisma.TransactionClient, a: Assignment, on: Date, assignedBy: string): Promise<TargetKey[]> {
  const indicator = await tx.indicator.findUnique({ where: { code: a.indicatorCode } });
  if (!indicator) throw notFound(`No indicator ${a.indicatorCode} in the catalogue: see the indicators query for the codes.`);
  const ids = a.targets.map((t) => t.chapterId);
  const children = await tx.chapterVersion.findMany({
    where: { chapterId: { in: ids }, parentId: a.parentId, validFrom: { lte: on }, OR: [{ validTo: null }, { validTo: { gt: on } }] },
    select: { chapterId: true },
  });
  const direct = new Set(children.map((c) => c.chapterId));
  const strangers = ids.filter((id) => !direct.has(id));
  if (strangers.length) {
    throw badInput(`Targets are assigned by the chapter directly above: ${strangers.join(", ")} not directly under the assigning chapter on ${formatIsoDate(on)}.`, {
      chapterIds: strangers,
    });
  }
  for (const t of a.targets) checkValue(indicator.unit, t.value, `chapter ${t.chapterId}`);
  for (const t of a.targets) {
    const key = { chapterId: t.chapterId, indicatorCode: a.indicatorCode, year: a.year };
    await tx.target.upsert({
      where: { chapterId_indicatorCode_year: key },
      create: { ...key, value: t.value, assignedById: a.parentId, assignedBy },
      update: { value: t.value, assignedById: a.parentId, assignedBy },
    });
  }
  return a.targets.map((t) => ({ chapterId: t.chapterId, indicatorCode: a.indicatorCode, year: a.year }));
}
