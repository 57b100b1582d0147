// The organization's Chapter, extended by key. Only this file declares it; plan.ts adds
// `emulationPlans` (EM-PLAN). Facts that other subgraphs own (dues, members, funds, resources,
// Tháng Nhân đạo) are not repeated here: a result row exposes `unit: Chapter`, so one gateway
// request can also ask the owners for their indicators beside the facts the classification used.
import { builder } from "../builder.ts";

export const ChapterRef = builder.externalRef("Chapter", builder.selection<{ id: string }>("id"));

ChapterRef.implement({
  externalFields: () => ({}),
  fields: (t) => ({ id: t.exposeID("id") }),
});
