// HA-TARGETS, ORG-VALUE, ORG-REFORM: what humanitarian keeps summed per (chapter, calendar year)
// and per subtree — the figures of read.ts, counts and sums only. Distinct counts are counted on
// the chapter that owns the thing counted (an address belongs to one chapter; a head to the
// chapter whose list names them, HA-PLEDGE), so a subtree's figure is the plain sum of its chapters' and never counts one
// address twice. HA-CALENDAR: the rollups hold calendar years, the default reporting year; a chapter
// whose document sets another year (Bình Phước 2023) is read from the rows (read.ts). The generated
// part of migration 20261206180000_agency_heads is
// rollupSql(HUMANITARIAN_ROLLUPS) (test/humanitarian/rollups.test.ts holds them equal).
import { generatedRollupKeeper, replicaTables, type RollupDb, type RollupSpec } from "@chapters/core";
import { SUBGRAPH } from "../db.ts";

export const HUMANITARIAN_ROLLUPS: RollupSpec = {
  schema: SUBGRAPH,
  prefix: "humanitarian",
  own: "HumanitarianOwnFigures",
  subtree: "HumanitarianSubtreeFigures",
  columns: [
    { name: "value", type: "BIGINT" },
    { name: "supports", type: "INTEGER" },
    { name: "newAddresses", type: "INTEGER" },
    { name: "surveyed", type: "INTEGER" },
    { name: "profiled", type: "INTEGER" },
    { name: "approved", type: "INTEGER" },
    { name: "supported", type: "INTEGER" },
    { name: "closed", type: "INTEGER" },
    { name: "published", type: "INTEGER" },
    { name: "addressesSupported", type: "INTEGER" },
    { name: "peopleHelped", type: "INTEGER" },
    { name: "peopleOutside", type: "INTEGER" },
    { name: "valueFromFund", type: "BIGINT" },
    { name: "heads", type: "INTEGER" },
    { name: "headsPledged", type: "INTEGER" },
  ],
  ownFunction: "humanitarian_rollup_own",
  sources: ["SupportRecord", "HumanitarianAddress", "AgencyHead", "Pledge"],
  tree: replicaTables,
  // HA-CALENDAR: the calendar year's last day, or the day summed on while the year runs
  referenceDate: (year, asOf) => `least(make_date(${year}, 12, 31), ${asOf})`,
  lockKey: 730010,
};

const calendarYearOf = (day: Date): number => day.getUTCFullYear();

/** The running calendar year and the five before it (every dashboard's years), from the first
 * year with a dated row when the data is younger. */
const YEARS_KEPT = 6;

async function yearsToKeep(db: RollupDb, today: Date): Promise<number[]> {
  const [row] = await db.$queryRaw<{ first: Date | null }[]>`
    SELECT least((SELECT min("givenOn") FROM "SupportRecord"), (SELECT min("surveyedOn") FROM "HumanitarianAddress"),
      (SELECT min("startsOn") FROM "Pledge"), (SELECT min("servesFrom") FROM "AgencyHead")) AS first`;
  const last = calendarYearOf(today);
  const firstWithData = row?.first ? calendarYearOf(row.first) : last;
  const first = Math.max(Math.min(firstWithData, last), last - YEARS_KEPT + 1);
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

export const HUMANITARIAN_KEEPER = generatedRollupKeeper(HUMANITARIAN_ROLLUPS, yearsToKeep);
