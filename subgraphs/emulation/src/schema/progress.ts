// `EmulationPlan.progress`: the plan's figures a dashboard shows beside the other domains' (how
// far registration, scoring and classification have gone), from plans/progress.ts.
import { builder } from "../builder.ts";
import { classLabels } from "../labels.ts";
import { planProgressLoader, type PlanProgress } from "../plans/progress.ts";
import { EmulationClassEnum } from "./enums.ts";
import { EmulationPlanRef } from "./plan.ts";

const ClassCountRef = builder.objectRef<PlanProgress["byClass"][number]>("EmulationClassCount").implement({
  fields: (t) => ({
    class: t.field({ type: EmulationClassEnum, resolve: (c) => c.class }),
    classLabel: t.string({ resolve: (c) => classLabels[c.class] }),
    count: t.exposeInt("count"),
  }),
});

const ProgressRef = builder.objectRef<PlanProgress>("EmulationProgress").implement({
  description: "How far a plan has gone: registration (EM-REGISTER), sheets (EM-SCORE) and classification (EM-CLASS)",
  fields: (t) => ({
    registered: t.exposeInt("registered", { description: "Units registered" }),
    registeredLate: t.exposeInt("registeredLate", { description: "…of which after the registration deadline" }),
    selfSheets: t.exposeInt("selfSheets", { description: "Self-scoring sheets sent" }),
    selfSheetsLate: t.exposeInt("selfSheetsLate", { description: "…of which after the submission deadline" }),
    verifiedSheets: t.exposeInt("verifiedSheets", { description: "Sheets verified by the inspection team" }),
    classified: t.exposeInt("classified", { description: "Units classified (proposed or confirmed)" }),
    confirmed: t.exposeInt("confirmed", { description: "Units whose classification the council confirmed" }),
    byClass: t.field({ type: [ClassCountRef], description: "Units classified per class, best first (every class, zeros included)", resolve: (p) => p.byClass }),
  }),
});

builder.objectFields(EmulationPlanRef, (t) => ({
  progress: t.field({ type: ProgressRef, resolve: (p, _a, ctx) => planProgressLoader(ctx).load(p.id) }),
}));
