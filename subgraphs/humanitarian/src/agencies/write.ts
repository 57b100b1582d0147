// HA-CALENDAR: a member agency's report, received by its chapter (seed 004 §V.2: by email to the
// province's Red Cross), recorded by that chapter's officer on the agency's behalf — for a report
// the document asks of it (half-year or annual, in its years), on the day it arrived, which decides
// on time or late. One per agency, year and kind (a unique index): a second is CONFLICT. The agency
// is checked in the caller's slice on `tx`, inside the transaction.
import { badInputFields, conflict, formatIsoDate, notFound, sql } from "@chapters/core";
import type { HumanitarianContext } from "../builder.ts";
import type { ReportKindCode } from "../calendar.ts";
import { once } from "../write/transaction.ts";
import { agencyDutiesStatement, agencyInSlice, withPeriods, type AgencyDutyRow } from "./read.ts";

export interface AgencyReportReceipt {
  agencyId: string;
  year: number;
  kind: ReportKindCode;
  receivedOn: Date;
  idempotencyKey?: string | null;
}

export async function recordAgencyReport(ctx: HumanitarianContext, roots: string[], by: string, input: AgencyReportReceipt): Promise<string> {
  const already = () => conflict(`The ${input.kind} report of ${input.year} from this agency was already recorded; it stays as recorded.`);
  const { value } = await once(
    ctx,
    "recordSteeringAgencyReport",
    input,
    async (tx) => {
      const [agency] = await tx.$queryRaw<{ chapterId: string; fromYear: number; toYear: number }[]>(sql`
        SELECT a."chapterId"::text AS "chapterId", a."fromYear", a."toYear" FROM "SteeringAgency" a
        WHERE a.id = ${input.agencyId}::uuid AND ${agencyInSlice('"a"."chapterId"', roots, input.year)}`);
      if (!agency) throw notFound("No steering-committee member agency with this id in your part of the tree: list them with steeringAgencyReports.");
      if (await tx.agencyReport.findFirst({ where: { agencyId: input.agencyId, year: input.year, kind: input.kind }, select: { id: true } })) throw already();
      const rows = await tx.$queryRaw<AgencyDutyRow[]>(agencyDutiesStatement(roots, input.year, { agencyId: input.agencyId }));
      const [owed] = await withPeriods(tx, rows.filter((r) => r.kind === input.kind), input.year);
      if (!owed) {
        throw badInputFields([{
          field: "input.kind",
          message: rows.length
            ? `this agency does not owe a ${input.kind} report for ${input.year}: it owes ${rows.map((r) => r.kind).join(", ")}`
            : `no document asks this agency for reports in ${input.year} (its committee's document covers ${agency.fromYear}–${agency.toYear})`,
        }]);
      }
      if (input.receivedOn < owed.reporting.from) {
        throw badInputFields([{ field: "input.receivedOn", message: `must be on or after the first day of the reporting year, ${formatIsoDate(owed.reporting.from)}` }]);
      }
      const row = await tx.agencyReport.create({
        data: {
          agencyId: input.agencyId, year: input.year, kind: input.kind, periodFrom: owed.period.from, periodTo: owed.period.to, dueOn: owed.period.dueOn,
          receivedOn: input.receivedOn, recordedBy: by,
        },
        select: { id: true },
      });
      return row.id;
    },
    already,
  );
  return value;
}
