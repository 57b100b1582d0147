// HA-TARGETS, ORG-VALUE: a chapter's humanitarian figures for a reporting year (HA-CALENDAR: the
// chapter's own reporting year — the calendar year unless a document sets another, calendar.ts —
// and each figure says which days it covers and which document set them), over its whole subtree, as it was (the tree of the year's
// reference date) or restated (today's tree, ended chapters mapped to where their history went:
// access/restated.ts). Counts and sums only; rates are computed from them. One statement for
// every chapter asked about; chapters outside the caller's slice get nothing. A whole reporting
// year is read from the rollups (rollup-spec.ts) when they answer exactly; the computation from the
// rows below stays their definition (test/humanitarian/rollups.test.ts holds them equal).
//   value               help given in the year, VND, every kind (HA-CAMPAIGNS: from sponsors and from
//                       chapter funds, to listed addresses and to people outside the list; a
//                       chapter-fund gift once its fund line is written) — humanitarian.value = ORG-VALUE's actual
//   peopleOutside       people helped outside the address list (head counts), on the record's chapter
//   valueFromFund       the part of value the chapters gave from their own funds (ORG-FUND)
//   newAddresses        addresses surveyed in the year
//   surveyed/profiled/supported/published   addresses that had reached the step by the year's end
//   addressesSupported, peopleHelped        addresses given support in the year (by any chapter),
//                       and their people — both counted on the ADDRESS's chapter, so a subtree's
//                       count is the sum of its chapters' and an address counts once
//   heads, headsPledged HA-PLEDGE: the heads of agencies and organisations the chapters list as
//                       serving in the year (heads/, on the listing chapter), and those whose own
//                       sponsor record has a pledge running in the year — every head in the area
//                       is the denominator, not only those who registered as sponsors
import { figureCacheFor, prepared, requestLoader, rollupsAnswer, sql, subtreeTable, todayInVietnam } from "@chapters/core";
import type { HumanitarianContext } from "../builder.ts";
import { askedInSlice, scopePairs } from "../access/restated.ts";
import { sliceRoots } from "../access/slice.ts";
import { calendarYear, referenceDate, reportingYears } from "../calendar.ts";
import { HUMANITARIAN_ROLLUPS } from "./rollup-spec.ts";

export interface HumanitarianFigures {
  chapterId: string;
  year: number;
  restated: boolean;
  value: bigint;
  supports: number;
  newAddresses: number;
  surveyed: number;
  profiled: number;
  approved: number;
  supported: number;
  closed: number;
  published: number;
  addressesSupported: number;
  peopleHelped: number;
  peopleOutside: number;
  valueFromFund: bigint;
  heads: number;
  headsPledged: number;
  /** HA-CALENDAR: the days the figures cover, both included, and the document whose calendar set
   * them (null: the calendar year) */
  periodFrom: Date;
  periodTo: Date;
  calendarSource: string | null;
}

/** What the SQL returns: the figures without their period. */
type Counted = Omit<HumanitarianFigures, "periodFrom" | "periodTo" | "calendarSource">;

/** The days a figure covers (both included) and the date whose tree the as-it-was view uses. */
export interface Window {
  year: number;
  from: Date;
  to: Date;
  on: Date;
  /** the document whose calendar set the days (null: the calendar year) */
  source?: string | null;
}

/** HA-SUPPORT, ORG-FUND: a support record counts unless it is a chapter-fund gift whose fund line
 * is not written yet (supports/fund.ts). */
export const COUNTED = sql`s."fundState" IS DISTINCT FROM 'PENDING'`;

/** A whole calendar year (HA-CALENDAR: the default reporting year; the rollups hold these). */
export const yearWindow = (year: number): Window => ({ year, ...calendarYear(year), on: referenceDate(year), source: null });

/** One statement for every chapter asked about (two when the rollups cannot answer). */
export async function figuresFor(ctx: HumanitarianContext, chapterIds: readonly string[], window: Window, restated: boolean): Promise<Map<string, HumanitarianFigures>> {
  // the rollups hold whole calendar years; another calendar's year, or a report's window up to its
  // due date, is read from the rows
  const whole = yearWindow(window.year);
  const sameDay = (a: Date, b: Date) => a.getTime() === b.getTime();
  const wholeYear = sameDay(whole.from, window.from) && sameDay(whole.to, window.to) && sameDay(whole.on, window.on);
  const counted = (wholeYear && (await figuresFromRollups(ctx, chapterIds, window.year, restated))) || (await figuresFromRows(ctx, chapterIds, window, restated));
  const period = { periodFrom: window.from, periodTo: window.to, calendarSource: window.source ?? null };
  return new Map([...counted].map(([id, f]) => [id, { ...f, ...period }]));
}

/** A whole reporting year from the subtree rollups, or null when they cannot answer exactly (the
 * year not kept, or the tree changed since they were summed). Only the chapters in the caller's
 * slice answer, so each one's whole subtree is the caller's to see. */
export async function figuresFromRollups(ctx: HumanitarianContext, chapterIds: readonly string[], year: number, restated: boolean): Promise<Map<string, Counted> | null> {
  const roots = await sliceRoots(ctx);
  const today = todayInVietnam();
  const request = { ids: chapterIds, on: referenceDate(year, today), restated, roots, today };
  // the figure objects kept per data version (core's rollups/versioned.ts): the gate and the slice
  // still run for this caller; only the chapters not held at the version returned are joined
  const read = figureCacheFor<Counted>(ctx.prisma, HUMANITARIAN_ROLLUPS).begin(chapterIds, year, restated);
  // planned once per connection (core's prepared.ts): planning it cost more than running it
  const rows = await ctx.prisma.$queryRaw<(Counted & { ok: boolean; figureVersion: string })[]>(prepared("humanitarian-figures-rollups", sql`
    WITH gate AS (SELECT ${rollupsAnswer(HUMANITARIAN_ROLLUPS, year, today)} AS ok)
    SELECT g.ok, ${read.version} AS "figureVersion", x.id::text AS "chapterId", ${year}::int AS year, ${restated}::boolean AS restated,
      coalesce(f.value, 0)::bigint AS value, coalesce(f.supports, 0)::int AS supports, coalesce(f."newAddresses", 0)::int AS "newAddresses",
      coalesce(f.surveyed, 0)::int AS surveyed, coalesce(f.profiled, 0)::int AS profiled, coalesce(f.approved, 0)::int AS approved,
      coalesce(f.supported, 0)::int AS supported, coalesce(f.closed, 0)::int AS closed, coalesce(f.published, 0)::int AS published,
      coalesce(f."addressesSupported", 0)::int AS "addressesSupported", coalesce(f."peopleHelped", 0)::int AS "peopleHelped",
      coalesce(f."peopleOutside", 0)::int AS "peopleOutside", coalesce(f."valueFromFund", 0)::bigint AS "valueFromFund",
      coalesce(f.heads, 0)::int AS heads, coalesce(f."headsPledged", 0)::int AS "headsPledged"
    FROM gate g CROSS JOIN ${askedInSlice(request)} x
    LEFT JOIN ${subtreeTable(HUMANITARIAN_ROLLUPS)} f ON g.ok AND ${read.needed("x.id")} AND f.x = x.id AND f.year = ${year}::int AND f.restated = ${restated}
    UNION ALL SELECT g.ok, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM gate g WHERE NOT g.ok`));
  if (rows.some((r) => !r.ok)) return null;
  return read.settle(rows, { id: (r) => r.chapterId, version: (r) => r.figureVersion, build: ({ ok: _ok, figureVersion: _v, ...r }) => r });
}

/** From the rows: the definition, for any window. */
export async function figuresFromRows(ctx: HumanitarianContext, chapterIds: readonly string[], window: Window, restated: boolean): Promise<Map<string, Counted>> {
  const roots = await sliceRoots(ctx);
  const { from, to, year } = window;
  const request = { ids: chapterIds, on: window.on, restated, roots, today: todayInVietnam() };
  const rows = await ctx.prisma.$queryRaw<Counted[]>(sql`
    WITH pairs AS (SELECT p.x, p.c FROM ${scopePairs(request)} p WHERE p.x IN ${askedInSlice(request)}),
    given AS (
      SELECT p.x, sum(s.value) AS value, count(*) AS supports,
        sum(s."headCount") FILTER (WHERE s."addressId" IS NULL) AS outside, sum(s.value) FILTER (WHERE s.giver = 'CHAPTER_FUND') AS fund
      FROM pairs p JOIN "SupportRecord" s ON s."chapterId" = p.c
      WHERE s."givenOn" >= ${from}::date AND s."givenOn" <= ${to}::date AND ${COUNTED} GROUP BY p.x
    ), helped AS (
      SELECT p.x, count(*) AS addresses, sum(a."householdSize") AS people
      FROM pairs p JOIN "HumanitarianAddress" a ON a."chapterId" = p.c
      WHERE EXISTS (SELECT 1 FROM "SupportRecord" s WHERE s."addressId" = a.id AND s."givenOn" >= ${from}::date AND s."givenOn" <= ${to}::date AND ${COUNTED})
      GROUP BY p.x
    ), steps AS (
      SELECT p.x,
        count(*) FILTER (WHERE a."surveyedOn" >= ${from}::date) AS fresh,
        count(*) AS surveyed,
        count(*) FILTER (WHERE a."profiledOn" <= ${to}::date) AS profiled,
        count(*) FILTER (WHERE a."approvedOn" <= ${to}::date) AS approved,
        count(*) FILTER (WHERE a."supportedOn" <= ${to}::date) AS supported,
        count(*) FILTER (WHERE a."closedOn" <= ${to}::date) AS closed,
        count(*) FILTER (WHERE a."publishedOn" <= ${to}::date) AS published
      FROM pairs p JOIN "HumanitarianAddress" a ON a."chapterId" = p.c
      WHERE a."surveyedOn" <= ${to}::date GROUP BY p.x
    ), heads AS (
      SELECT p.x, count(*) AS heads,
        count(*) FILTER (WHERE EXISTS (SELECT 1 FROM "Pledge" g WHERE g."sponsorId" = hd."sponsorId"
          AND g."startsOn" <= ${to}::date AND (g."endsOn" IS NULL OR g."endsOn" >= ${from}::date))) AS pledged
      FROM pairs p JOIN "AgencyHead" hd ON hd."chapterId" = p.c
      WHERE hd."servesFrom" <= ${to}::date AND (hd."servesUntil" IS NULL OR hd."servesUntil" >= ${from}::date)
      GROUP BY p.x
    )
    SELECT x.id::text AS "chapterId", ${year}::int AS year, ${restated}::boolean AS restated,
      coalesce(g.value, 0)::bigint AS value, coalesce(g.supports, 0)::int AS supports, coalesce(st.fresh, 0)::int AS "newAddresses",
      coalesce(st.surveyed, 0)::int AS surveyed, coalesce(st.profiled, 0)::int AS profiled, coalesce(st.approved, 0)::int AS approved,
      coalesce(st.supported, 0)::int AS supported, coalesce(st.closed, 0)::int AS closed, coalesce(st.published, 0)::int AS published,
      coalesce(h.addresses, 0)::int AS "addressesSupported", coalesce(h.people, 0)::int AS "peopleHelped",
      coalesce(g.outside, 0)::int AS "peopleOutside", coalesce(g.fund, 0)::bigint AS "valueFromFund",
      coalesce(hd.heads, 0)::int AS heads, coalesce(hd.pledged, 0)::int AS "headsPledged"
    FROM ${askedInSlice(request)} x
    LEFT JOIN given g ON g.x = x.id LEFT JOIN helped h ON h.x = x.id LEFT JOIN steps st ON st.x = x.id LEFT JOIN heads hd ON hd.x = x.id`);
  return new Map(rows.map((r) => [r.chapterId, r]));
}

/** Figures per chapter for a year and view (null outside the caller's slice), each over its own
 * reporting year (HA-CALENDAR): one statement for the calendars, one per distinct year's days. */
export function figuresLoader(ctx: HumanitarianContext, year: number, restated: boolean) {
  return requestLoader<string, HumanitarianFigures | null>(ctx, `figures@${year}|${restated}`, async (ids) => {
    const years = await reportingYears(ctx.prisma, ids, year);
    const groups = new Map<string, { window: Window; ids: string[] }>();
    for (const id of ids) {
      const y = years.get(id)!;
      const key = `${y.from.getTime()}|${y.to.getTime()}|${y.source}`;
      const group = groups.get(key) ?? { window: { year, from: y.from, to: y.to, on: referenceDate(year, undefined, y.to), source: y.source }, ids: [] };
      group.ids.push(id);
      groups.set(key, group);
    }
    const found = new Map<string, HumanitarianFigures>();
    for (const { window, ids: some } of groups.values()) for (const [id, f] of await figuresFor(ctx, some, window, restated)) found.set(id, f);
    return ids.map((id) => found.get(id) ?? null);
  });
}

/** part / whole in %, 4 decimals; null when there is nothing to divide by. */
export const percent = (part: number, whole: number): number | null => (whole ? Math.round((part / whole) * 100 * 10_000) / 10_000 : null);

/** The catalogue codes this subgraph reports (prisma/organization/catalogue.ts, ownerSubgraph
 * "humanitarian"), each with how it is measured from the figures. */
export const MEASURES: [string, (f: HumanitarianFigures) => number | null][] = [
  ["humanitarian.value", (f) => Number(f.value)],
  ["humanitarian.new-addresses", (f) => f.newAddresses],
  ["humanitarian.profiled-rate", (f) => percent(f.profiled, f.surveyed)],
  ["humanitarian.supported-rate", (f) => percent(f.supported, f.profiled)],
  ["humanitarian.supported-of-surveyed-rate", (f) => percent(f.supported, f.surveyed)],
  ["humanitarian.published", (f) => f.published],
  ["humanitarian.heads-pledged-rate", (f) => percent(f.headsPledged, f.heads)],
];
