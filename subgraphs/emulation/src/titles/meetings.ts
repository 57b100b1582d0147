// EM-TITLES: meetings of a title's exemplars (gặp mặt điển hình) and a chapter's schedule for its
// movement, as rows — not the award limits' rows. Hải Phòng's plan (seed 000, 2023–2027) holds
// meetings of the "Người tốt, việc thiện" exemplars at district level once in five years and at
// city level twice; it honours them on the Society's anniversary (23 November), reviews the
// movement at mid-term in 2025 and over five years in 2027, when the city gives its honours.
// A meeting rule is stated by one chapter for the chapters of one level at or below it (the
// host's level as organization holds it on the day: the city itself, its districts), for the
// years its document names; a meeting is refused (CONFLICT) when any
// window of `windowYears` containing its year would hold more meetings than the rule allows.
// Concurrent meetings serialise on an advisory lock per (chapter, title), taken before the count.
import { conflict, inForce, notFound, requestLoader, sql, todayInVietnam } from "@chapters/core";
import type { EmulationContext } from "../builder.ts";
import { inSlice, requireInSlice, sliceRoots } from "../access/slice.ts";
import type { Tx } from "../write/transaction.ts";

type Title = "GOOD_PERSON_GOOD_DEED" | "CARING_COMMUNITY";

export interface MeetingInput {
  chapterId: string;
  title: Title;
  heldOn: Date;
  name: string;
}

interface MeetingRule {
  maxMeetings: number;
  windowYears: number;
  source: string;
}

/** The chapter holding a meeting, as organization holds it on the day. */
export interface MeetingHost {
  code: string;
  level: string;
}

/** The rule for meetings held by `chapterId` (of `level`) in `year`: the nearest row at or above
 * the chapter for that level, in force for that year (null: none stated). */
async function meetingRule(tx: Tx, chapterId: string, level: string, title: Title, on: Date, year: number): Promise<MeetingRule | null> {
  const [rule] = await tx.$queryRaw<MeetingRule[]>(sql`SELECT r."maxMeetings", r."windowYears", r.source
    FROM "TreeClosure" up JOIN "ExemplarMeetingRule" r ON r."chapterId" = up."ancestorId" AND r.level = ${level}
    WHERE up."descendantId" = ${chapterId}::uuid AND ${inForce("up", on)} AND r.title::text = ${title}
      AND r."fromYear" <= ${year} AND r."toYear" >= ${year}
    ORDER BY up.depth LIMIT 1`);
  return rule ?? null;
}

export async function recordExemplarMeeting(tx: Tx, roots: string[], by: string, input: MeetingInput, host: MeetingHost | null): Promise<string> {
  // the host as it stands on the day (today for a meeting still to come)
  const on = input.heldOn < todayInVietnam() ? input.heldOn : todayInVietnam();
  await requireInSlice(tx, roots, input.chapterId, on);
  if (!host) throw notFound(`No chapter ${input.chapterId} in your part of the tree on ${on.toISOString().slice(0, 10)}.`);
  const year = input.heldOn.getUTCFullYear();
  await tx.$executeRaw(sql`SELECT pg_advisory_xact_lock(hashtext(${`meeting|${input.chapterId}|${input.title}`}))`);
  const rule = await meetingRule(tx, input.chapterId, host.level, input.title, on, year);
  if (rule) {
    const held = await tx.$queryRaw<{ year: number }[]>(sql`SELECT extract(year FROM "heldOn")::int AS year FROM "ExemplarMeeting"
      WHERE "chapterId" = ${input.chapterId}::uuid AND title::text = ${input.title}
        AND extract(year FROM "heldOn") > ${year - rule.windowYears} AND extract(year FROM "heldOn") < ${year + rule.windowYears}`);
    const years = held.map((h) => h.year);
    // every window of `windowYears` containing the new meeting's year must stay within the limit
    for (let start = year - rule.windowYears + 1; start <= year; start++) {
      const inWindow = [...years, year].filter((y) => y >= start && y < start + rule.windowYears).length;
      if (inWindow > rule.maxMeetings) {
        throw conflict(
          `This chapter may hold at most ${rule.maxMeetings} meeting(s) of the title's exemplars per ${rule.windowYears} years (${rule.source}); it already held them in ${years.sort().join(", ")}. Nothing was recorded.`,
          { heldIn: years },
        );
      }
    }
  }
  const row = await tx.exemplarMeeting.create({ data: { chapterId: input.chapterId, title: input.title, heldOn: input.heldOn, name: input.name, recordedBy: by } });
  return row.id;
}

export interface MeetingRow {
  id: string;
  chapterId: string;
  title: Title;
  heldOn: Date;
  name: string;
  recordedBy: string;
}

/** Meetings each chapter held (visible when the chapter lay in the caller's slice on the day). */
export function chapterMeetingsLoader(ctx: EmulationContext) {
  return requestLoader<string, MeetingRow[]>(ctx, "exemplar-meetings", async (ids) => {
    const roots = await sliceRoots(ctx);
    const rows = await ctx.prisma.$queryRaw<MeetingRow[]>(sql`SELECT m.id::text AS id, m."chapterId"::text AS "chapterId", m.title::text AS title, m."heldOn", m.name, m."recordedBy"
      FROM "ExemplarMeeting" m WHERE m."chapterId" = ANY(${[...ids]}::uuid[]) AND ${inSlice('m."chapterId"', roots, sql`least(m."heldOn", ${todayInVietnam()}::date)`)} ORDER BY m."heldOn"`);
    return ids.map((id) => rows.filter((r) => r.chapterId === id));
  });
}

export interface MilestoneRow {
  chapterId: string;
  kind: "HONOURING" | "MID_TERM_REVIEW" | "FIVE_YEAR_REVIEW" | "CITY_HONOURS";
  year: number | null;
  month: number | null;
  day: number | null;
  label: string;
  source: string;
}

/** The movement's schedule each chapter states (Hải Phòng's, seed 000): public to its slice. */
export function milestonesLoader(ctx: EmulationContext) {
  return requestLoader<string, MilestoneRow[]>(ctx, "title-milestones", async (ids) => {
    const rows = await ctx.prisma.$queryRaw<MilestoneRow[]>(sql`SELECT "chapterId"::text AS "chapterId", kind::text AS kind, year, month, day, label, source
      FROM "TitleMilestone" WHERE "chapterId" = ANY(${[...ids]}::uuid[]) ORDER BY coalesce(year, 0), month NULLS LAST, day NULLS LAST, kind`);
    return ids.map((id) => rows.filter((r) => r.chapterId === id));
  });
}
