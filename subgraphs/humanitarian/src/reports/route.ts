// HA-CALENDAR: GET /reports/quarterly.xlsx?chapterId=…&year=…&kind=QUARTER_n — a quarterly report in
// its set form (xlsx.ts). The caller is the identity the gateway signed for this subgraph (the
// gateway serves the same path to callers with a bearer token: never a token in the URL).
import type { SubgraphRoute } from "@chapters/core";
import type { HumanitarianContext } from "../builder.ts";
import { quarterlyWorkbook, readAsk } from "./xlsx.ts";

export const QUARTERLY_REPORT_PATH = "/reports/quarterly.xlsx";

export const quarterlyReportRoute: SubgraphRoute<HumanitarianContext> = {
  path: QUARTERLY_REPORT_PATH,
  async handle(req, res, ctx) {
    const { workbook, fileName } = await quarterlyWorkbook(ctx, readAsk(req.query as Record<string, unknown>));
    const body = Buffer.from(await workbook.xlsx.writeBuffer());
    res.status(200).set({
      "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "content-disposition": `attachment; filename="${fileName}"`,
      "cache-control": "no-store",
    }).send(body);
  },
};
