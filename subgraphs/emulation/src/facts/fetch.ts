// EM-DEMOTE facts that other subgraphs own, read from their owners — never typed in again. A
// classification needs them to decide the class, so they cannot arrive later through the
// gateway's query plan (federation's @requires takes no field arguments such as the year): the
// subgraph asks the owners itself, as the tree replica does, with an internal token signed like
// the gateway's (audience = that subgraph) that carries the caller's own identity, so the owner
// applies the caller's slice and grants. One request per owner for every unit asked about:
//   organization  Chapter.organizationIndicators(year)   org.dues-rate, org.member-growth, org.fund-balance (+ targets)
//   humanitarian  Chapter.humanitarianIndicators(year)   humanitarian.value (resources raised in the reporting year)
//                 campaigns(THANG_NHAN_DAO).progress   the month's value and the resource target (resourceTarget)
import { serviceUnavailable, signInternalIdentity, type Identity } from "@chapters/core";

/** One figure as its owner reported it. */
export interface OwnedFigure {
  source: "ORGANIZATION" | "HUMANITARIAN";
  indicatorCode: string;
  actual: number | null;
  target: number | null;
  /** where it was read: the owner's field, for the explanation */
  via: string;
}

export interface FactClient {
  /** unit id → indicator code → figure, for the plan's year */
  read(identity: Identity, unitIds: string[], year: number): Promise<Map<string, Map<string, OwnedFigure>>>;
}

interface GraphQLBody<T> {
  data?: T;
  errors?: { message: string }[];
}

async function ask<T>(url: string, subgraph: string, identity: Identity, query: string, variables: Record<string, unknown>): Promise<T> {
  const token = await signInternalIdentity(identity, subgraph);
  let body: GraphQLBody<T>;
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-chapters-identity": token },
      body: JSON.stringify({ query, variables }),
    });
    body = (await response.json()) as GraphQLBody<T>;
  } catch (error) {
    throw serviceUnavailable(`The ${subgraph} subgraph, which owns facts this classification needs, did not answer (${(error as Error).message}): nothing was written; try again.`);
  }
  if (!body.data || body.errors?.length) {
    throw serviceUnavailable(`The ${subgraph} subgraph refused the facts this classification needs (${body.errors?.map((e) => e.message).join("; ") ?? "no data"}): nothing was written.`);
  }
  return body.data;
}

const ORGANIZATION_FACTS = `query EmulationFacts($r: [_Any!]!, $y: Int!) {
  _entities(representations: $r) { ... on Chapter { id organizationIndicators(year: $y) { indicatorCode actual target { value } } } } }`;

type OrgData = { _entities: ({ id: string; organizationIndicators: { indicatorCode: string; actual: number | null; target: { value: number } | null }[] } | null)[] };
type HumData = {
  _entities: ({ id: string; humanitarianIndicators: { indicatorCode: string; actual: number | null }[] } | null)[];
  month: { nodes: ({ id: string } & Record<string, { value: number; resourceTarget: number | null } | null | string>)[] };
};

/** The aliases of one progress field per unit (GraphQL names: u0, u1, …). */
const humanitarianFacts = (count: number) => `query EmulationFacts($r: [_Any!]!, $y: Int!${Array.from({ length: count }, (_, i) => `, $c${i}: ID!`).join("")}) {
  _entities(representations: $r) { ... on Chapter { id humanitarianIndicators(year: $y) { indicatorCode actual } } }
  month: campaigns(kinds: [THANG_NHAN_DAO], year: $y, first: 20) { nodes { id
    ${Array.from({ length: count }, (_, i) => `u${i}: progress(chapterId: $c${i}) { value resourceTarget }`).join("\n    ")} } } }`;

export function createFactClient(urls: { organization: string; humanitarian: string }): FactClient {
  return {
    async read(identity, unitIds, year) {
      const out = new Map<string, Map<string, OwnedFigure>>(unitIds.map((id) => [id, new Map()]));
      if (!unitIds.length) return out;
      const representations = unitIds.map((id) => ({ __typename: "Chapter", id }));
      const perUnit = Object.fromEntries(unitIds.map((id, i) => [`c${i}`, id]));
      const [org, hum] = await Promise.all([
        ask<OrgData>(urls.organization, "organization", identity, ORGANIZATION_FACTS, { r: representations, y: year }),
        ask<HumData>(urls.humanitarian, "humanitarian", identity, humanitarianFacts(unitIds.length), { r: representations, y: year, ...perUnit }),
      ]);
      for (const chapter of org._entities) {
        if (!chapter) continue;
        for (const i of chapter.organizationIndicators) {
          out.get(chapter.id)?.set(i.indicatorCode, {
            source: "ORGANIZATION", indicatorCode: i.indicatorCode, actual: i.actual, target: i.target?.value ?? null,
            via: `organization: Chapter.organizationIndicators(year: ${year}) ${i.indicatorCode}`,
          });
        }
      }
      for (const chapter of hum._entities) {
        if (!chapter) continue;
        const value = chapter.humanitarianIndicators.find((i) => i.indicatorCode === "humanitarian.value");
        if (value) out.get(chapter.id)?.set("humanitarian.value", { source: "HUMANITARIAN", indicatorCode: "humanitarian.value", actual: value.actual, target: null, via: `humanitarian: Chapter.humanitarianIndicators(year: ${year}) humanitarian.value` });
      }
      unitIds.forEach((id, i) => {
        // Tháng Nhân đạo of the reporting year: its value under the unit, against the unit's resource-mobilisation target
        let value: number | null = null;
        let resourceTarget: number | null = null;
        for (const campaign of hum.month.nodes) {
          const progress = campaign[`u${i}`] as { value: number; resourceTarget: number | null } | null;
          if (!progress) continue;
          value = (value ?? 0) + Number(progress.value);
          // the unit's resource-mobilisation target, held by humanitarian whether or not its own rules compare the month with it
          if (progress.resourceTarget !== null) resourceTarget = Number(progress.resourceTarget);
        }
        const figures = out.get(id)!;
        figures.set("humanitarian.month-value", {
          source: "HUMANITARIAN", indicatorCode: "humanitarian.month-value", actual: value, target: resourceTarget,
          via: `humanitarian: campaigns(kinds: [THANG_NHAN_DAO], year: ${year}).progress (value, resourceTarget)`,
        });
        const resources = figures.get("humanitarian.value");
        if (resources) resources.target = resourceTarget;
      });
      return out;
    },
  };
}
