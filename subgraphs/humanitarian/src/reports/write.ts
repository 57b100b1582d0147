// HA-CALENDAR: only a chapter the document names owes a report (ReportDuty); submitting one freezes the chapter's figures for the report's days, as they
// stand at that moment (computed in the same transaction). One report per chapter, year and
// kind (a unique index): a second submission is CONFLICT — the frozen one stays as sent.
import { badInputFields, conflict, formatIsoDate } from "@chapters/core";
import type { HumanitarianContext } from "../builder.ts";
import type { ReportKindCode } from "../calendar.ts";
import { todayInVietnam } from "@chapters/core";
import { figuresFor } from "../indicators/read.ts";
import { once } from "../write/transaction.ts";
import { freeze, inTreeDuringYear, owedReports, reportWindow, requireReportChapterInSlice } from "./read.ts";

export interface ReportSubmission {
  chapterId: string;
  year: number;
  kind: ReportKindCode;
  idempotencyKey?: string | null;
}

export async function submitReport(ctx: HumanitarianContext, roots: string[], by: string, input: ReportSubmission): Promise<string> {
  const alreadySent = () => conflict(`The ${input.kind} report of ${input.year} for this chapter was already submitted; a submitted report stays frozen as sent.`);
  const { value } = await once(
    ctx,
    "submitHumanitarianReport",
    input,
    async (tx) => {
      await requireReportChapterInSlice(tx, roots, input.chapterId, input.year);
      if (await tx.humanitarianReport.findFirst({ where: { chapterId: input.chapterId, year: input.year, kind: input.kind }, select: { id: true } })) throw alreadySent();
      const owed = (await owedReports({ prisma: tx as never }, [input.chapterId], input.year)).get(input.chapterId)!;
      const period = owed.periods.find((p) => p.kind === input.kind);
      if (!period) {
        if (!(await inTreeDuringYear(tx, roots, input.chapterId, input.year))) {
          throw badInputFields([{
            field: "input.chapterId",
            message: `this chapter was not part of your tree during the report's days (any of ${input.year}): submit it for the chapter that existed then`,
          }]);
        }
        throw badInputFields([{
          field: "input.kind",
          message: owed.periods.length
            ? `this chapter does not owe a ${input.kind} report for ${input.year}: it owes ${owed.periods.map((p) => p.kind).join(", ")}`
            : `no document asks this chapter for reports in ${input.year} (reports are due from the chapters a document names, e.g. Bình Phước's district chapters and affiliated schools in 2023)`,
        }]);
      }
      const figures = (await figuresFor({ ...ctx, prisma: tx as never }, [input.chapterId], reportWindow(owed.reporting, period), false)).get(input.chapterId);
      // no figures: the chapter was not in the caller's tree on the report's last day (founded
      // later, or already ended); a report frozen empty could never be read back
      if (!figures) {
        throw badInputFields([{
          field: "input.chapterId",
          message: `this chapter was not part of your tree during the report's days (${formatIsoDate(period.from)} to ${formatIsoDate(period.to)}): submit it for the chapter that existed then`,
        }]);
      }
      const row = await tx.humanitarianReport.create({
        data: {
          chapterId: input.chapterId, year: input.year, kind: input.kind, periodFrom: period.from, periodTo: period.to, dueOn: period.dueOn,
          submittedOn: todayInVietnam(), submittedBy: by, snapshot: freeze(figures),
        },
        select: { id: true },
      });
      return row.id;
    },
    alreadySent,
  );
  return value;
}
