import { badInput } from "@chapters/core";
import { builder } from "../builder.ts";
import { requireStockReader } from "../access/roles.ts";
import { stockByGroup, type StockLine } from "../indicators/stock.ts";
import { aboLabels, AboGroupEnum, RhFactorEnum } from "./enums.ts";

const StockLineRef = builder.objectRef<StockLine>("BloodStockLine").implement({
  description: "Units collected for one blood group (no donor data)",
  fields: (t) => ({
    abo: t.field({ type: AboGroupEnum, resolve: (l) => l.abo }),
    rh: t.field({ type: RhFactorEnum, resolve: (l) => l.rh }),
    bloodGroup: t.string({ resolve: (l) => `${l.abo}${l.rh === "POSITIVE" ? "+" : "−"}` }),
    bloodGroupLabel: t.string({ resolve: (l) => `${aboLabels[l.abo]}, Rh${l.rh === "POSITIVE" ? "+" : "−"}` }),
    units: t.exposeFloat("units"),
    donations: t.exposeInt("donations"),
  }),
});

builder.queryFields((t) => ({
  bloodStock: t.field({
    type: [StockLineRef],
    description: "Units collected by blood group over a period, for your part of the tree or a chapter's subtree (what a blood centre sees)",
    args: {
      from: t.arg({ type: "Date", required: true }),
      to: t.arg({ type: "Date", required: true }),
      chapterCode: t.arg.string({ required: false }),
    },
    resolve: (_root, args, ctx) => {
      requireStockReader(ctx);
      if (args.to < args.from) throw badInput("Invalid input. to: must not be before from.", { problems: [{ field: "to", message: "before from" }] });
      return stockByGroup(ctx, { from: args.from, to: args.to, chapterCode: args.chapterCode });
    },
  }),
}));
