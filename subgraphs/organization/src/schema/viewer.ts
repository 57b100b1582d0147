// Who is calling (Query.me): the token's subject, role and grants. The caller's chapter is a
// field chapter.ts adds (Viewer.chapter), so this file needs nothing of the tree.
import { requireIdentity, roleLabels } from "@chapters/core";
import { builder } from "../builder.ts";

export interface Viewer {
  subject: string;
  role: string;
  chapterCode: string;
  grants: string[];
}

export const ViewerRef = builder.objectRef<Viewer>("Viewer").implement({
  description: "Who is calling",
  fields: (t) => ({
    subject: t.exposeString("subject"),
    role: t.exposeString("role"),
    roleLabel: t.string({ resolve: (v) => roleLabels[v.role as keyof typeof roleLabels] }),
    grants: t.exposeStringList("grants"),
  }),
});

builder.queryField("me", (t) => t.field({ type: ViewerRef, resolve: (_root, _args, ctx) => requireIdentity(ctx) }));
