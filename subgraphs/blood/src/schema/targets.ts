// BL-TARGETS: the population a chapter's blood figures are measured against. The targets
// themselves are organization's (assignTargets on the catalogue codes blood.*), so a dashboard
// has one source for them (INDICATORS.md).
import { parseInput } from "@chapters/core";
import { z } from "zod";
import { builder } from "../builder.ts";
import { requireWriter } from "../access/roles.ts";
import { sliceRoots } from "../access/slice.ts";
import { setChapterPopulation } from "../indicators/write.ts";
import { uuid } from "../write/inputs.ts";

const populationSchema = z.object({
  chapterId: uuid,
  year: z.number().int().min(2000).max(2100),
  population: z.number().int().min(1),
});

const SetChapterPopulationInput = builder.inputType("SetChapterPopulationInput", {
  fields: (t) => ({
    chapterId: t.id({ required: true }),
    year: t.int({ required: true }),
    population: t.int({ required: true, description: "Dân số of the chapter's own area that year" }),
  }),
});

builder.mutationFields((t) => ({
  setChapterPopulation: t.boolean({
    description: "Sets a chapter's population (dân số) for a year (BL-TARGETS); a chapter without one sums those below it",
    args: { input: t.arg({ type: SetChapterPopulationInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      await requireWriter(ctx);
      const { input } = parseInput(z.object({ input: populationSchema }), args);
      await setChapterPopulation(ctx, await sliceRoots(ctx), input);
      return true;
    },
  }),
}));
