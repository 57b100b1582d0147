// importPeople (ORG-PEOPLE): a chapter's people from CSV, all rows or none, in one transaction with
// an optional idempotency key; write access checked against the caller's slice.
import { MAX_CSV_BYTES, maxLength, parseInput, todayInVietnam, uuid } from "@chapters/core";
import { z } from "zod";
import { builder } from "../builder.ts";
import { readPeopleCsv } from "../people/import-rows.ts";
import { rowsRejected, writePeople, type ImportOutcome } from "../people/import.ts";
import { idempotencyKey, runOnce } from "../write/transaction.ts";
import { writableChapters } from "../access/write.ts";

const ImportResultRef = builder.objectRef<ImportOutcome>("PeopleImportResult").implement({
  fields: (t) => ({
    rows: t.exposeInt("rows", { description: "People rows read" }),
    peopleCreated: t.exposeInt("peopleCreated"),
    peopleMatched: t.exposeInt("peopleMatched", { description: "Already known by their CCCD: personal data kept once" }),
    membershipsCreated: t.exposeInt("membershipsCreated"),
  }),
});

builder.mutationField("importPeople", (t) =>
  t.field({
    type: ImportResultRef,
    description:
      "Imports a chapter's people from CSV text (header row; columns Họ và tên, Ngày sinh, Số điện thoại, CCCD, Loại, Ngày vào Hội; dates dd/mm/yyyy). " +
      "All or nothing: if any row is wrong nothing is written and the error lists every problem in extensions.rows (row, column, message).",
    args: {
      chapterId: t.arg.id({ required: true }),
      csv: t.arg.string({ required: true, extensions: maxLength(MAX_CSV_BYTES), description: `The file's text, at most ${MAX_CSV_BYTES / 1024 / 1024} MB` }),
      idempotencyKey: t.arg.string({ required: false }),
    },
    resolve: async (_root, args, ctx) => {
      const input = parseInput(z.object({ chapterId: uuid, csv: z.string().refine((text) => Buffer.byteLength(text, "utf8") <= MAX_CSV_BYTES, `at most ${MAX_CSV_BYTES / 1024 / 1024} MB per file: split it`), idempotencyKey }), args);
      const today = todayInVietnam();
      await writableChapters(ctx, [input.chapterId], today);
      const { people, problems } = readPeopleCsv(input.csv, today);
      if (problems.length) throw rowsRejected(problems);
      const outcome = await runOnce(ctx, "importPeople", input, async (tx) => ({ ...(await writePeople(tx, input.chapterId, people)) }));
      return outcome as unknown as ImportOutcome;
    },
  }),
);
