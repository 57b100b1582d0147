// EM-DEMOTE facts that other subgraphs own, read from their owners — never typed in again. A
// classification needs them to decide the class, so they cannot arrive later through the
// gateway's query plan (federation's @requires takes no field arguments such as the year): the
// subgraph asks the owners itself, as the tree replica does, with an internal token signed like
// the gateway's (audience = that subgraph) that carries the caller's own identity, so the owner
// applies the caller's slice and grants. One request per owner for every unit asked about, each
// unit as registered, in the year as it was (restated: false):
//   organization  Chapter.figures(year)                dues paid/owing/exempt (whole numbers: the rate
//                                                      is compared exactly), new members, own fund and
//                                                      its target (the FundTarget rows figures and
//                                                      organizationIndicators both read)
//                 Chapter.organizationIndicators(year) org.member-growth's target
//                 each base chapter's figures(year)    its own fund and target (ORG-FUND at two levels)
//   humanitarian  Chapter.humanitarianIndicators(year) humanitarian.value (resources raised in the reporting year)
//                 Chapter.resourceMobilisationTarget   the year's resource-mobilisation target
//                 campaigns(THANG_NHAN_DAO).progress   the month's value under the unit
//                 Chapter.humanitarianMonthShare(year) the share of the target the month must reach —
//                                                      humanitarian's own rule row (HA-CAMPAIGNS:
//                                                      Kiên Giang 2024, the province and its districts),
//                                                      never a copy in the plan; none: the rule does not apply
// Whatever an owner does not hold is listed in `missing`, so the fact is UNKNOWN, not silent.
import { serviceUnavailable, signInternalIdentity, type Identity } from "@chapters/core";

/** One base chapter's own figure against its own target (ORG-FUND). */
export interface BaseChapterFigure {
  chapterId: string;
  code: string | null;
  actual: number | null;
  target: number | null;
}

/** One figure as its owner reported it. */
export interface OwnedFigure {
  source: "ORGANIZATION" | "HUMANITARIAN";
  indicatorCode: string;
  /** in the indicator's unit, for display (a rate: its exact parts are in `rate`) */
  actual: number | null;
  target: number | null;
  /** a rate's exact parts, in whole numbers: actual = num ÷ den × 100 */
  rate?: { num: number; den: number } | null;
  /** what the owner does not hold (empty when actual and target are known) */
  missing: string[];
  /** where it was read: the owner's field, for the explanation */
  via: string;
  /** a two-level rule (ORG-FUND): the unit's base chapters, each against its own target */
  baseChapters?: BaseChapterFigure[];
  /** a share the owner holds as a rule row for the unit and year (humanitarian.month-value), used
   * instead of the plan's threshold; null: no document sets one there, so the rule does not apply */
  ownerThreshold?: { value: number; source: string } | null;
}

/** A unit to read facts for, with its base chapters on the plan's reference date. */
export interface FactUnit {
  id: string;
  baseChapterIds: string[];
}

export interface FactClient {
  /** unit id → indicator code → figure, for the plan's year */
  read(identity: Identity, units: FactUnit[], year: number): Promise<Map<string, Map<string, OwnedFigure>>>;
  /** a chapter's code and level on a day, as organization holds it (null: outside the caller's slice, or unknown) */
  chapterLevel(identity: Identity, chapterId: string, on: Date): Promise<{ code: string; level: string } | null>;
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

const ORGANIZATION_FACTS = `query EmulationFacts($r: [_Any!]!, $b: [_Any!]!, $y: Int!) {
  units: _entities(representations: $r) { ... on Chapter { id code
    figures(year: $y) { dues { paid owing exempt } members { growth } fund { balance target } }
    organizationIndicators(year: $y) { indicatorCode target { value } } } }
  base: _entities(representations: $b) { ... on Chapter { id code level figures(year: $y) { fund { balance target } } } } }`;

type OrgUnit = {
  id: string;
  code: string;
  figures: { dues: { paid: number; owing: number; exempt: number }; members: { growth: number }; fund: { balance: number; target: number | null } };
  organizationIndicators: { indicatorCode: string; target: { value: number } | null }[];
};
type OrgBase = { id: string; code: string; level: string; figures: { fund: { balance: number; target: number | null } } };
type OrgData = { units: (OrgUnit | null)[]; base: (OrgBase | null)[] };
type HumData = {
  _entities: ({
    id: string;
    resourceMobilisationTarget: number | null;
    humanitarianIndicators: { indicatorCode: string; actual: number | null }[];
    humanitarianMonthShare: { threshold: number; source: string } | null;
  } | null)[];
  month: { nodes: ({ id: string } & Record<string, { value: number } | null | string>)[] };
};

/** The aliases of one progress field per unit (GraphQL names: u0, u1, …). */
const humanitarianFacts = (count: number) => `query EmulationFacts($r: [_Any!]!, $y: Int!${Array.from({ length: count }, (_, i) => `, $c${i}: ID!`).join("")}) {
  _entities(representations: $r) { ... on Chapter { id resourceMobilisationTarget(year: $y) humanitarianIndicators(year: $y) { indicatorCode actual }
    humanitarianMonthShare(year: $y) { threshold source } } }
  month: campaigns(kinds: [THANG_NHAN_DAO], year: $y, first: 20) { nodes { id
    ${Array.from({ length: count }, (_, i) => `u${i}: progress(chapterId: $c${i}) { value }`).join("\n    ")} } } }`;

const representations = (ids: string[]) => ids.map((id) => ({ __typename: "Chapter", id }));

/** Organization's figures for each unit: dues, member growth, fund at two levels. */
function organizationFigures(year: number, unit: FactUnit, found: OrgUnit | null, base: Map<string, OrgBase | null>): OwnedFigure[] {
  const via = (field: string) => `organization: Chapter.${field}(year: ${year})`;
  if (!found) {
    const missing = [`organization returned no chapter ${unit.id} (outside your part of the tree, or unknown)`];
    return ["org.dues-rate", "org.member-growth", "org.fund-balance"].map((indicatorCode) => ({ source: "ORGANIZATION", indicatorCode, actual: null, target: null, missing, via: via("figures") }));
  }
  const { dues, members, fund } = found.figures;
  const owed = dues.owing - dues.exempt;
  const growthTarget = found.organizationIndicators.find((i) => i.indicatorCode === "org.member-growth")?.target?.value ?? null;
  const baseChapters = unit.baseChapterIds
    .map((id) => base.get(id) ?? null)
    .filter((c): c is OrgBase => c !== null && c.level === "COMMUNE")
    .map((c) => ({ chapterId: c.id, code: c.code, actual: c.figures.fund.balance, target: c.figures.fund.target }))
    .sort((a, b) => a.code.localeCompare(b.code));
  return [
    {
      source: "ORGANIZATION", indicatorCode: "org.dues-rate", actual: owed > 0 ? (dues.paid / owed) * 100 : null, target: null,
      rate: owed > 0 ? { num: dues.paid, den: owed } : null,
      missing: owed > 0 ? [] : [`organization has no dues owed by ${found.code} for ${year} (no member owing, or no dues amount set for the year): no collection rate`],
      via: `${via("figures")}.dues (paid ÷ (owing − exempt))`,
    },
    {
      source: "ORGANIZATION", indicatorCode: "org.member-growth", actual: members.growth, target: growthTarget,
      missing: growthTarget === null ? [`organization holds no org.member-growth target for ${found.code} in ${year} (assigned by the chapter above: assignTargets)`] : [],
      via: `${via("figures")}.members.growth, organizationIndicators(year: ${year}) org.member-growth target`,
    },
    {
      source: "ORGANIZATION", indicatorCode: "org.fund-balance", actual: fund.balance, target: fund.target,
      missing: fund.target === null ? [`organization holds no fund target (FundTarget row) for ${found.code}`] : [],
      via: `${via("figures")}.fund (own balance and target; each base chapter's the same)`,
      baseChapters,
    },
  ];
}

export function createFactClient(urls: { organization: string; humanitarian: string }): FactClient {
  return {
    async chapterLevel(identity, chapterId, on) {
      const data = await ask<{ chapter: { code: string; level: string } | null }>(urls.organization, "organization", identity,
        `query EmulationChapterLevel($id: ID!, $on: Date!) { chapter(id: $id, asOf: $on) { code level } }`, { id: chapterId, on: on.toISOString().slice(0, 10) })
        .catch(() => ({ chapter: null }));
      return data.chapter;
    },
    async read(identity, units, year) {
      const out = new Map<string, Map<string, OwnedFigure>>(units.map((u) => [u.id, new Map()]));
      if (!units.length) return out;
      const unitIds = units.map((u) => u.id);
      const baseIds = [...new Set(units.flatMap((u) => u.baseChapterIds))];
      const perUnit = Object.fromEntries(unitIds.map((id, i) => [`c${i}`, id]));
      const [org, hum] = await Promise.all([
        ask<OrgData>(urls.organization, "organization", identity, ORGANIZATION_FACTS, { r: representations(unitIds), b: representations(baseIds), y: year }),
        ask<HumData>(urls.humanitarian, "humanitarian", identity, humanitarianFacts(unitIds.length), { r: representations(unitIds), y: year, ...perUnit }),
      ]);
      const base = new Map(baseIds.map((id, i) => [id, org.base[i] ?? null]));
      units.forEach((unit, i) => {
        const figures = out.get(unit.id)!;
        for (const figure of organizationFigures(year, unit, org.units[i] ?? null, base)) figures.set(figure.indicatorCode, figure);

        const chapter = hum._entities[i] ?? null;
        const resourceTarget = chapter?.resourceMobilisationTarget ?? null;
        const noTarget = `humanitarian holds no resource-mobilisation target for the unit in ${year} (setResourceMobilisationTarget)`;
        const value = chapter?.humanitarianIndicators.find((x) => x.indicatorCode === "humanitarian.value")?.actual ?? null;
        figures.set("humanitarian.value", {
          source: "HUMANITARIAN", indicatorCode: "humanitarian.value", actual: value, target: resourceTarget,
          missing: [...(value === null ? [`humanitarian reported no humanitarian.value for the unit in ${year}`] : []), ...(resourceTarget === null ? [noTarget] : [])],
          via: `humanitarian: Chapter.humanitarianIndicators(year: ${year}) humanitarian.value, Chapter.resourceMobilisationTarget(year: ${year})`,
        });
        // Tháng Nhân đạo of the reporting year: its value under the unit, against the unit's resource-mobilisation target
        let month: number | null = null;
        for (const campaign of hum.month.nodes) {
          const progress = campaign[`u${i}`] as { value: number } | null;
          if (progress) month = (month ?? 0) + Number(progress.value);
        }
        figures.set("humanitarian.month-value", {
          source: "HUMANITARIAN", indicatorCode: "humanitarian.month-value", actual: month, target: resourceTarget,
          missing: [...(month === null ? [`humanitarian has no Tháng Nhân đạo campaign in ${year} reaching the unit`] : []), ...(resourceTarget === null ? [noTarget] : [])],
          via: `humanitarian: campaigns(kinds: [THANG_NHAN_DAO], year: ${year}).progress, Chapter.resourceMobilisationTarget(year: ${year}), Chapter.humanitarianMonthShare(year: ${year})`,
          ownerThreshold: chapter?.humanitarianMonthShare ? { value: chapter.humanitarianMonthShare.threshold, source: chapter.humanitarianMonthShare.source } : null,
        });
      });
      return out;
    },
  };
}
