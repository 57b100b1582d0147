// EM-DEMOTE: each of a plan's demotion rules evaluated for a unit, from the figures and targets
// their owners hold (facts/fetch.ts) and the inspection team's findings. A rule reading a figure
// applies when value < threshold, value being the actual, a rate, or the actual as a % of the
// target when the rule says `ofTarget`. Values are compared exactly (decimal arithmetic on the
// owners' whole numbers: 89.996% is below 90%); what is shown is rounded, what is compared is not.
// A figure or target the owner does not hold makes the fact UNKNOWN — never "does not apply": the
// council decides it (facts/decide.ts), and a result resting on an undecided UNKNOWN fact cannot
// be confirmed (results/compute.ts).
import { Prisma } from "../generated/prisma/client.ts";
import type { BaseChapterFigure, OwnedFigure } from "./fetch.ts";

export type FactSource = "ORGANIZATION" | "HUMANITARIAN" | "INSPECTION";
export type FactStatus = "APPLIES" | "DOES_NOT_APPLY" | "UNKNOWN";

export interface DemotionRuleFull {
  code: string;
  label: string;
  effect: "DEMOTE" | "EXCLUDE";
  source: FactSource;
  indicatorCode: string | null;
  threshold: number | null;
  ofTarget: boolean;
  /** FUND_TARGET: base chapters that may miss their own target (seed 002: none) */
  baseChaptersMayMiss: number;
}

/** The council's decision on an UNKNOWN fact. */
export interface FactDecisionRow {
  applies: boolean;
  reason: string;
  decidedBy: string;
  decidedAt: string;
}

/** One base chapter's part of a two-level fact (FUND_TARGET): its own figure against its own target. */
export interface BaseChapterPart extends BaseChapterFigure {
  /** null: its figure or target is unknown */
  meets: boolean | null;
}

/** One fact a classification used: its value, its owner, and whether its rule applied. */
export interface UsedFact {
  code: string;
  source: FactSource;
  indicatorCode: string | null;
  actual: number | null;
  target: number | null;
  /** what was compared with the threshold (the actual, a rate, or % of the target), rounded for display */
  value: number | null;
  threshold: number | null;
  /** APPLIES / DOES_NOT_APPLY from the owners' rows; UNKNOWN when a figure or target is missing */
  status: FactStatus;
  /** the effect the class used: the evaluated one, or the council's decision on an UNKNOWN fact */
  applies: boolean;
  /** what is missing, when UNKNOWN */
  missing: string[];
  /** the subgraph that owns what is missing */
  owner: string | null;
  decision: FactDecisionRow | null;
  baseChapters: BaseChapterPart[] | null;
  note: string;
  via: string;
}

const D = Prisma.Decimal;
const shown = (n: Prisma.Decimal) => Number(n.toDecimalPlaces(2));

/** value < threshold, exactly: value = num / den × 100 when den is given, else num. */
function below(num: number, den: number | null, threshold: number): { below: boolean; value: Prisma.Decimal } {
  const value = den === null ? new D(num) : new D(num).times(100).dividedBy(den);
  const below = den === null ? new D(num).lessThan(threshold) : new D(num).times(100).lessThan(new D(threshold).times(den));
  return { below, value };
}

function decided(fact: Omit<UsedFact, "applies" | "decision">, decision: FactDecisionRow | undefined): UsedFact {
  if (fact.status !== "UNKNOWN") return { ...fact, applies: fact.status === "APPLIES", decision: null };
  if (!decision) return { ...fact, applies: false, decision: null, note: `${fact.note} UNKNOWN: the council decides whether the rule applies before this result can be confirmed.` };
  return {
    ...fact,
    applies: decision.applies,
    decision,
    note: `${fact.note} UNKNOWN; the council decided it ${decision.applies ? "applies" : "does not apply"}: ${decision.reason}`,
  };
}

function inspection(rule: DemotionRuleFull, findings: Map<string, string>): Omit<UsedFact, "applies" | "decision"> {
  const note = findings.get(rule.code);
  return {
    code: rule.code, source: "INSPECTION", indicatorCode: null, actual: null, target: null, value: null, threshold: null,
    status: note !== undefined ? "APPLIES" : "DOES_NOT_APPLY", missing: [], owner: null, baseChapters: null,
    note: note ?? "No finding recorded by the inspection team.", via: "emulation: the verified sheet's inspection findings",
  };
}

/** Indicators whose threshold is the owner's rule row, never the plan's (HA-CAMPAIGNS: Tháng Nhân
 * đạo's share is humanitarian's Kiên Giang 2024 rule; a plan holding a copy would apply it beyond
 * its document). */
export const OWNER_THRESHOLDS: ReadonlySet<string> = new Set(["humanitarian.month-value"]);

/** The unit's own figure against the threshold: exact, or UNKNOWN with what is missing. */
function ownFigure(planRule: DemotionRuleFull, figure: OwnedFigure | undefined, owner: string): Omit<UsedFact, "applies" | "decision"> {
  const ownerShare = planRule.indicatorCode !== null && OWNER_THRESHOLDS.has(planRule.indicatorCode);
  // the owner's share replaces the plan's threshold; where no document sets one, the rule does not apply
  const rule = ownerShare ? { ...planRule, threshold: figure?.ownerThreshold?.value ?? null } : planRule;
  const base = {
    code: rule.code, source: rule.source, indicatorCode: rule.indicatorCode, threshold: rule.threshold, owner: null as string | null, baseChapters: null,
    via: figure?.via ?? `${owner}: ${rule.indicatorCode}`,
  };
  if (ownerShare && figure && figure.ownerThreshold === null) {
    return {
      ...base, actual: figure.actual, target: figure.target, value: null, status: "DOES_NOT_APPLY", missing: [],
      note: `${owner} holds no rule setting a share for ${rule.indicatorCode} for this unit and year (no document sets one): the rule does not apply.`,
    };
  }
  const actual = figure?.actual ?? null;
  const target = figure?.target ?? null;
  const missing = [...(figure?.missing ?? [`${owner} reported no figure for ${rule.indicatorCode}`])];
  if (rule.ofTarget && target === null && !missing.some((m) => m.includes("target"))) missing.push(`${owner} holds no target for ${rule.indicatorCode}`);
  if (rule.ofTarget && target !== null && target <= 0) missing.push(`${owner}'s target for ${rule.indicatorCode} is ${target}: no share of it can be computed`);
  const rate = figure?.rate ?? null;
  const comparable = rule.threshold !== null && (rule.ofTarget ? actual !== null && target !== null && target > 0 : rate ? rate.den > 0 : actual !== null);
  if (!comparable) {
    return { ...base, actual, target, value: null, status: "UNKNOWN", missing, owner, note: `${missing.join("; ")}.` };
  }
  const { below: applies, value } = rule.ofTarget ? below(actual!, target, rule.threshold!) : rate ? below(rate.num, rate.den, rule.threshold!) : below(actual!, null, rule.threshold!);
  const what = rule.ofTarget ? `${shown(value)}% of the target ${target}` : rate ? `${shown(value)}% (${rate.num} of ${rate.den})` : `${shown(value)}`;
  return {
    ...base, actual, target, value: shown(value), status: applies ? "APPLIES" : "DOES_NOT_APPLY", missing: [],
    note: `${rule.indicatorCode} = ${what}; the rule applies below ${rule.threshold}${rule.ofTarget || rate ? "%" : ""} (compared exactly): ${applies ? "applies" : "does not apply"}.`,
  };
}

/** EM-DEMOTE, ORG-FUND: a fund rule checks the unit's own fund and each base chapter's against its
 * own target; it applies when the unit misses, or more base chapters miss than the plan allows. */
function twoLevels(rule: DemotionRuleFull, figure: OwnedFigure | undefined, owner: string): Omit<UsedFact, "applies" | "decision"> {
  const own = ownFigure(rule, figure, owner);
  const parts: BaseChapterPart[] = (figure?.baseChapters ?? []).map((c) => ({
    ...c,
    meets: c.actual === null || c.target === null ? null : !below(c.actual, c.target > 0 ? c.target : null, c.target > 0 ? rule.threshold! : 0).below,
  }));
  const missed = parts.filter((p) => p.meets === false);
  const unknown = parts.filter((p) => p.meets === null);
  const allowed = rule.baseChaptersMayMiss;
  const level = `${parts.length} base chapter${parts.length === 1 ? "" : "s"}: ${missed.length} below ${rule.threshold}% of their target${missed.length ? ` (${missed.map((p) => p.code ?? p.chapterId).join(", ")})` : ""}, ${allowed} may miss under the plan`;
  const unknownNote = unknown.length ? `; ${unknown.length} without a figure or target (${unknown.map((p) => p.code ?? p.chapterId).join(", ")})` : "";
  const missing = [...own.missing, ...unknown.map((p) => `organization holds no ${p.target === null ? "fund target" : "fund figure"} for base chapter ${p.code ?? p.chapterId}`)];
  const status: FactStatus =
    own.status === "APPLIES" || missed.length > allowed ? "APPLIES"
      : own.status === "UNKNOWN" || missed.length + unknown.length > allowed ? "UNKNOWN"
      : "DOES_NOT_APPLY";
  return {
    ...own,
    status,
    missing: status === "UNKNOWN" ? missing : [],
    owner: status === "UNKNOWN" ? owner : null,
    baseChapters: parts,
    note: `The unit's own: ${own.note} ${parts.length ? level + unknownNote : "No base chapters below the unit: only its own fund is checked"}. ${status === "APPLIES" ? "The rule applies." : status === "DOES_NOT_APPLY" ? "The rule does not apply." : ""}`.trim(),
  };
}

const OWNERS: Record<Exclude<FactSource, "INSPECTION">, string> = { ORGANIZATION: "organization", HUMANITARIAN: "humanitarian" };

/** Every rule of the plan evaluated for one unit, with the council's decisions on UNKNOWN facts. */
export function evaluateFacts(rules: DemotionRuleFull[], figures: Map<string, OwnedFigure>, findings: Map<string, string>, decisions: Map<string, FactDecisionRow> = new Map()): UsedFact[] {
  return rules.map((rule): UsedFact => {
    if (rule.source === "INSPECTION") return decided(inspection(rule, findings), undefined);
    const figure = rule.indicatorCode ? figures.get(rule.indicatorCode) : undefined;
    const owner = OWNERS[rule.source];
    const fact = figure?.baseChapters ? twoLevels(rule, figure, owner) : ownFigure(rule, figure, owner);
    return decided(fact, decisions.get(rule.code));
  });
}

/** The same facts with one decision changed (the council decides without asking the owners again). */
export function withDecision(facts: UsedFact[], code: string, decision: FactDecisionRow): UsedFact[] {
  return facts.map((f) => (f.code === code && f.status === "UNKNOWN" ? decided({ ...f, note: f.note.replace(/ UNKNOWN[;:].*$/, "") }, decision) : f));
}
