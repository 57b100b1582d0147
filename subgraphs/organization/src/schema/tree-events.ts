// The feed the other subgraphs' tree replicas pull from: the outbox, in order. Hidden from the
// gateway's public API (@inaccessible) and answered only to a SERVICE identity.
import { forbidden, requireIdentity } from "@chapters/core";
import { builder } from "../builder.ts";
import { TREE_CHANGED_TOPIC } from "../tree/changes.ts";

interface TreeEvent {
  id: string;
  payload: string;
}

const TreeEventRef = builder.objectRef<TreeEvent>("TreeEvent").implement({
  inaccessible: true,
  fields: (t) => ({
    id: t.exposeString("id", { description: "Increasing; ask for the events after the last one applied" }),
    payload: t.exposeString("payload", { description: "JSON: the change and the closure rows of every chapter it reshaped" }),
  }),
});

builder.queryField("treeEvents", (t) =>
  t.field({
    type: [TreeEventRef],
    inaccessible: true,
    args: { after: t.arg.string({ required: false }), first: t.arg.int({ required: false, defaultValue: 100 }) },
    resolve: async (_root, args, ctx) => {
      if (requireIdentity(ctx).role !== "SERVICE") throw forbidden("Only the other Chapters services read the tree events.");
      const after = BigInt(/^\d+$/.test(args.after ?? "") ? args.after! : "0");
      const rows = await ctx.outbox.readEvents(TREE_CHANGED_TOPIC, after, Math.min(Math.max(args.first ?? 100, 1), 500));
      return rows.map((r) => ({ id: r.id.toString(), payload: JSON.stringify(r.payload) }));
    },
  }),
);
