// ORG-TARGETS "giao chỉ tiêu": a chapter assigns yearly targets to the chapters directly below
// it. Checks that do not need the caller (units, children) live here; the transaction and the
// access check are in the mutation.
import { badInput, formatIsoDate, isoDate, notFound } from "@chapters/core";
import type { Prisma } from "../generated/prisma/client.ts";
import type { IndicatorUnit } from "../generated/prisma/enums.ts";
import type { TargetKey } from "./read.ts";

export interface Assignment {
  parentId: string;
  year: number;
  indicatorCode: string;
  targets: { chapterId: string; value: number; maxValue?: number | null }[];
}

export function checkValue(unit: IndicatorUnit, value: number, where: string): void {
  if (!Number.isFinite(value) || value < 0) throw badInput(`${where}: a target cannot be negative.`);
  if (unit === "PERCENT" && value > 100) throw badInput(`${where}: a percentage target is between 0 and 100 (got ${value}).`);
  if (unit !== "PERCENT" && !Number.isInteger(value)) throw badInput(`${where}: a ${unit} target is a whole number (got ${value}).`);
}

/** Writes (or replaces) the targets; every chapter must have sat directly under the parent on
 * some day of the year up to `on` — a chapter assigns a year's targets to the children it had
 * during that year, even when a reform ended it or them in the middle of it. */
export async function writeAssignment(tx: Prisma.TransactionClient, a: Assignment, on: Date, assignedBy: string): Promise<TargetKey[]> {
  const yearStart = isoDate(`${String(a.year).padStart(4, "0")}-01-01`);
  const indicator = await tx.indicator.findUnique({ where: { code: a.indicatorCode } });
  if (!indicator) throw notFound(`No indicator ${a.indicatorCode} in the catalogue: see the indicators query for the codes.`);
  const ids = a.targets.map((t) => t.chapterId);
  const children = await tx.chapterVersion.findMany({
    where: { chapterId: { in: ids }, parentId: a.parentId, validFrom: { lte: on }, OR: [{ validTo: null }, { validTo: { gt: yearStart } }] },
    select: { chapterId: true },
  });
  const direct = new Set(children.map((c) => c.chapterId));
  const strangers = ids.filter((id) => !direct.has(id));
  if (strangers.length) {
    throw badInput(`Targets are assigned by the chapter directly above: ${strangers.join(", ")} not directly under the assigning chapter during ${a.year} (up to ${formatIsoDate(on)}).`, {
      chapterIds: strangers,
    });
  }
  for (const t of a.targets) {
    checkValue(indicator.unit, t.value, `chapter ${t.chapterId}`);
    if (t.maxValue != null) checkValue(indicator.unit, t.maxValue, `chapter ${t.chapterId} (maxValue)`);
  }
  for (const t of a.targets) {
    const key = { chapterId: t.chapterId, indicatorCode: a.indicatorCode, year: a.year };
    await tx.target.upsert({
      where: { chapterId_indicatorCode_year: key },
      create: { ...key, value: t.value, maxValue: t.maxValue ?? null, assignedById: a.parentId, assignedBy },
      update: { value: t.value, maxValue: t.maxValue ?? null, assignedById: a.parentId, assignedBy },
    });
  }
  return a.targets.map((t) => ({ chapterId: t.chapterId, indicatorCode: a.indicatorCode, year: a.year }));
}

/** The day a year's targets are assigned on: the year's reference date, or the parent's last day
 * in force if it ended during the year (a district dissolved on 1 July assigns on 30 June). */
export async function assignmentDate(tx: Prisma.TransactionClient, parentId: string, year: number, reference: Date): Promise<Date> {
  const yearStart = isoDate(`${String(year).padStart(4, "0")}-01-01`);
  const versions = await tx.chapterVersion.findMany({
    where: { chapterId: parentId, validFrom: { lte: reference }, OR: [{ validTo: null }, { validTo: { gt: yearStart } }] },
    select: { validTo: true },
  });
  if (versions.length === 0 || versions.some((v) => v.validTo === null || v.validTo > reference)) return reference;
  const lastDay = Math.max(...versions.map((v) => v.validTo!.getTime())) - 86_400_000;
  return new Date(Math.min(lastDay, reference.getTime()));
}
