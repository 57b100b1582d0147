// EM-CLASS, EM-DEMOTE, EM-REGISTER: the one classification of a unit under a plan's rule table.
// `EmulationPlan.classify` (what-if) and a real result (results/compute.ts) both call this, so a
// what-if and the council's confirmed class can never disagree. The plan's table is read from
// the top: a unit gets the first class whose three conditions it meets (counted A ≥ minA, C ≤
// maxC, share of base chapters rated Good or better ≥ minBaseShare), else Weak; a unit with no
// base chapters (an affiliated unit, a commune after the 2025 reform) is classed on its grades
// alone — the share condition does not apply to it (EM-CLASS). Demotion facts
// then drop it one class in total (or one each, when the plan says they stack), never below
// Weak; an EXCLUDE rule, a missing registration or a late sheet make it NOT_CONSIDERED.
import { badInputFields } from "@chapters/core";
import { classLabels, type EmulationClass } from "../labels.ts";

export interface ClassifyInput {
  /** every A on the sheet, converted ones included */
  aCount: number;
  /** how many of those A are converted (điểm quy đổi): they do not count toward the thresholds */
  convertedACount: number;
  cCount: number;
  /** share (0–1) of the unit's base chapters rated Good or better; null: the unit has no base
   * chapters, so it is classed on its grades alone (EM-CLASS) */
  baseChapterShare: number | null;
  registered: boolean;
  submittedOnTime: boolean;
  /** codes of the plan's demotion rules that apply */
  demotionCodes: string[];
}

export interface ClassRuleRow {
  class: EmulationClass;
  position: number;
  minA: number;
  maxC: number;
  minBaseShare: number;
}

export interface DemotionRuleRow {
  code: string;
  label: string;
  effect: "DEMOTE" | "EXCLUDE";
}

export interface PlanRules {
  criteriaCount: number;
  classRules: ClassRuleRow[];
  demotions: DemotionRuleRow[];
  demotionsStack: boolean;
}

export interface Classification {
  class: EmulationClass;
  explanation: string[];
}

const LADDER: EmulationClass[] = ["EXCELLENT", "GOOD", "AVERAGE", "WEAK"];
const named = (c: EmulationClass) => `${classLabels[c]} (${c})`;
const pct = (share: number) => `${Math.round(share * 10_000) / 100}%`;

/** Checks a sheet against the plan: each problem names its field (BAD_USER_INPUT). */
export function checkClassifyInput(input: ClassifyInput, rules: PlanRules, path = ""): void {
  const problems: { field: string; message: string }[] = [];
  const known = new Set(rules.demotions.map((d) => d.code));
  if (!Number.isInteger(input.aCount) || input.aCount < 0) problems.push({ field: "aCount", message: "must be a whole number, 0 or more" });
  if (!Number.isInteger(input.cCount) || input.cCount < 0) problems.push({ field: "cCount", message: "must be a whole number, 0 or more" });
  if (!Number.isInteger(input.convertedACount) || input.convertedACount < 0 || input.convertedACount > input.aCount) {
    problems.push({ field: "convertedACount", message: `must be between 0 and aCount (${input.aCount}): converted A are among the A` });
  }
  if (input.baseChapterShare !== null && !(input.baseChapterShare >= 0 && input.baseChapterShare <= 1)) {
    problems.push({ field: "baseChapterShare", message: "must be a fraction between 0 and 1 (0.75 is 75%)" });
  }
  const unknown = input.demotionCodes.filter((c) => !known.has(c));
  if (unknown.length) problems.push({ field: "demotionCodes", message: `${unknown.join(", ")} ${unknown.length > 1 ? "are" : "is"} not among this plan's demotion rules (${[...known].join(", ")})` });
  if (problems.length) throw badInputFields(problems.map((p) => ({ ...p, field: path ? `${path}.${p.field}` : p.field })));
}

/** The class a sheet earns under the plan's rule table, with every reason in order; `path`
 * names where the sheet sits in the caller's input, for error messages. */
export function classify(input: ClassifyInput, rules: PlanRules, path = ""): Classification {
  checkClassifyInput(input, rules, path);
  if (!input.registered) {
    return { class: "NOT_CONSIDERED", explanation: ["EM-REGISTER: the unit did not register for emulation at the start of the year, so it is not considered."] };
  }
  if (!input.submittedOnTime) {
    return { class: "NOT_CONSIDERED", explanation: ["EM-REGISTER: the unit sent no report and self-scoring sheet on time, so it is not considered."] };
  }
  const applying = rules.demotions.filter((d) => input.demotionCodes.includes(d.code));
  const excluding = applying.filter((d) => d.effect === "EXCLUDE");
  if (excluding.length) {
    return { class: "NOT_CONSIDERED", explanation: excluding.map((d) => `EM-DEMOTE ${d.code}: ${d.label} — under this plan the unit is not considered.`) };
  }

  const counted = input.aCount - input.convertedACount;
  const share = input.baseChapterShare;
  const explanation = [
    `EM-CLASS: ${counted} A counted (${input.aCount} A of which ${input.convertedACount} converted, not counted), ${input.cCount} C, ${
      share === null ? "no base chapters: classed on its grades alone, the base-chapter share does not apply" : `${pct(share)} of base chapters rated Good or better`
    }.`,
  ];
  let earned: EmulationClass = "WEAK";
  for (const rule of [...rules.classRules].sort((a, b) => a.position - b.position)) {
    const failed: string[] = [];
    if (counted < rule.minA) failed.push(`${counted} A counted, at least ${rule.minA} needed`);
    if (input.cCount > rule.maxC) failed.push(`${input.cCount} C, at most ${rule.maxC} allowed`);
    if (share !== null && share < rule.minBaseShare) failed.push(`${pct(share)} of base chapters Good or better, at least ${pct(rule.minBaseShare)} needed`);
    if (!failed.length) {
      earned = rule.class;
      explanation.push(`${named(rule.class)}: met (at least ${rule.minA} A, at most ${rule.maxC} C${share === null ? "; no base chapters, so no share condition" : `, at least ${pct(rule.minBaseShare)} of base chapters`}).`);
      break;
    }
    explanation.push(`${named(rule.class)}: not met — ${failed.join("; ")}.`);
  }
  if (earned === "WEAK" && !rules.classRules.some((r) => r.class === "WEAK")) explanation.push(`${named("WEAK")}: every class above failed.`);

  const demoting = applying.filter((d) => d.effect === "DEMOTE");
  if (!demoting.length) return { class: earned, explanation };
  for (const d of demoting) explanation.push(`EM-DEMOTE ${d.code}: ${d.label}.`);
  const steps = rules.demotionsStack ? demoting.length : 1;
  const final = LADDER[Math.min(LADDER.indexOf(earned) + steps, LADDER.length - 1)]!;
  explanation.push(
    final === earned
      ? `EM-DEMOTE: already ${named(earned)}, the lowest class: no lower class to drop to.`
      : `EM-DEMOTE: ${demoting.length > 1 ? `${demoting.length} demotion facts drop` : "1 demotion fact drops"} the unit ${rules.demotionsStack ? `${steps} ${steps > 1 ? "classes" : "class"}` : "one class in total"}: ${named(earned)} → ${named(final)}.`,
  );
  return { class: final, explanation };
}
