// The example dashboard: every commune of a province, page by page, as rows a chart can take.
//   GATEWAY_URL=http://localhost:4000/graphql TOKEN=$(npm run --silent token -- --chapter BN --role viewer) \
//     npx tsx examples/dashboard-client/src/dashboard.ts BN 2025
import { createClient } from "./client.ts";
import { CommuneDashboardDocument, type CommuneDashboardQuery } from "./generated/graphql.ts";

type Commune = NonNullable<CommuneDashboardQuery["chapter"]>["children"]["nodes"][number];

export interface CommuneRow {
  code: string;
  name: string;
  members: number;
  duesRate: number | null;
  bloodUnits: number | null;
  bloodTarget: number | null;
  peopleHelped: number | null;
}

export function toRow(commune: Commune): CommuneRow {
  // a subgraph that is down answers null for its part (the rest of the row still comes)
  const units = commune.bloodIndicators?.find((i) => i.indicatorCode === "blood.units");
  return {
    code: commune.code,
    name: commune.name,
    members: commune.figures.members.members,
    duesRate: commune.figures.dues.rate,
    bloodUnits: units?.actual ?? null,
    bloodTarget: units?.target?.value ?? null,
    peopleHelped: commune.humanitarianFigures?.peopleHelped ?? null,
  };
}

export async function communeRows(request: ReturnType<typeof createClient>, province: string, year: number): Promise<CommuneRow[]> {
  const rows: CommuneRow[] = [];
  let after: string | null = null;
  do {
    const data: CommuneDashboardQuery = await request(CommuneDashboardDocument, { province, year, first: 200, after });
    if (!data.chapter) return rows;
    rows.push(...data.chapter.children.nodes.map(toRow));
    after = data.chapter.children.pageInfo.hasNextPage ? data.chapter.children.pageInfo.endCursor : null;
  } while (after);
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const request = createClient(process.env.GATEWAY_URL ?? "http://localhost:4000/graphql", process.env.TOKEN ?? "");
  console.table(await communeRows(request, process.argv[2] ?? "BN", Number(process.argv[3] ?? 2025)));
}
