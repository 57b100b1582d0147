import { parseInput } from "@chapters/core";
import { z } from "zod";
import { builder } from "../builder.ts";
import { requireWriter } from "../access/roles.ts";
import { sliceRoots } from "../access/slice.ts";
import { setBloodPlan } from "../indicators/write.ts";
import { uuid } from "../write/inputs.ts";

const percent = z.number().min(0).max(100);

builder.mutationFields((t) => ({
  setBloodTargets: t.boolean({
    description: "Sets a chapter's blood targets (chỉ tiêu) and population for a year (BL-TARGETS)",
    args: {
      chapterId: t.arg.id({ required: true }),
      year: t.arg.int({ required: true }),
      population: t.arg.int({ required: false }),
      units: t.arg.int({ required: false }),
      repeatRatePercent: t.arg.float({ required: false }),
      populationSharePercent: t.arg.float({ required: false }),
      organRegistrations: t.arg.int({ required: false }),
    },
    resolve: async (_root, args, ctx) => {
      await requireWriter(ctx);
      const plan = parseInput(
        z.object({
          chapterId: uuid,
          year: z.number().int().min(2000).max(2100),
          population: z.number().int().min(1).nullish(),
          units: z.number().int().min(0).nullish(),
          repeatRatePercent: percent.nullish(),
          populationSharePercent: percent.nullish(),
          organRegistrations: z.number().int().min(0).nullish(),
        }),
        args,
      );
      await setBloodPlan(ctx, await sliceRoots(ctx), plan);
      return true;
    },
  }),
}));
