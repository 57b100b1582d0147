// EM-DEMOTE: which of a plan's demotion rules apply to a unit, from the facts their owners
// reported (facts/fetch.ts) and the inspection team's findings. A rule reading a figure applies
// when value < threshold, value being the actual, or the actual as a % of the target when the
// rule says `ofTarget`. A figure the owner could not give (no data, no target) applies nothing
// and says so, so the council sees the gap instead of a silent pass.
import type { OwnedFigure } from "./fetch.ts";

export interface DemotionRuleFull {
  code: string;
  label: string;
  effect: "DEMOTE" | "EXCLUDE";
  source: "ORGANIZATION" | "HUMANITARIAN" | "INSPECTION";
  indicatorCode: string | null;
  threshold: number | null;
  ofTarget: boolean;
}

/** One fact a classification used: its value, its source, and whether the rule applied. */
export interface UsedFact {
  code: string;
  source: "ORGANIZATION" | "HUMANITARIAN" | "INSPECTION";
  indicatorCode: string | null;
  actual: number | null;
  target: number | null;
  /** what was compared with the threshold (the actual, or % of target) */
  value: number | null;
  threshold: number | null;
  applies: boolean;
  note: string;
  via: string;
}

const round = (n: number) => Math.round(n * 100) / 100;

export function evaluateFacts(rules: DemotionRuleFull[], figures: Map<string, OwnedFigure>, findings: Map<string, string>): UsedFact[] {
  return rules.map((rule): UsedFact => {
    if (rule.source === "INSPECTION") {
      const note = findings.get(rule.code);
      return {
        code: rule.code, source: "INSPECTION", indicatorCode: null, actual: null, target: null, value: null, threshold: null,
        applies: note !== undefined, note: note ?? "No finding recorded by the inspection team.", via: "emulation: the verified sheet's inspection findings",
      };
    }
    const figure = rule.indicatorCode ? figures.get(rule.indicatorCode) : undefined;
    const base = { code: rule.code, source: rule.source, indicatorCode: rule.indicatorCode, threshold: rule.threshold, via: figure?.via ?? `${rule.source.toLowerCase()}: ${rule.indicatorCode}` };
    const actual = figure?.actual ?? null;
    const target = figure?.target ?? null;
    if (actual === null) return { ...base, actual, target, value: null, applies: false, note: `${rule.source.toLowerCase()} has no figure for ${rule.indicatorCode}: the rule was not applied.` };
    if (rule.ofTarget && !target) return { ...base, actual, target, value: null, applies: false, note: `${rule.source.toLowerCase()} has no target for ${rule.indicatorCode}: the rule was not applied.` };
    const value = rule.ofTarget ? round((actual / target!) * 100) : round(actual);
    const applies = rule.threshold !== null && value < rule.threshold;
    const shown = rule.ofTarget ? `${value}% of the target ${target}` : `${value}`;
    return { ...base, actual, target, value, applies, note: `${rule.indicatorCode} = ${shown}; the rule applies below ${rule.threshold}${rule.ofTarget ? "%" : ""}: ${applies ? "applies" : "does not apply"}.` };
  });
}
