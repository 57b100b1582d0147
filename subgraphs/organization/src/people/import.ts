// Writes a checked people list for one chapter in one transaction: people found by national ID
// are reused (their personal data stored once), others created; one membership each. Problems
// only the database can see (a CCCD registered under another name, someone already in the
// chapter) are reported per row like the others, and then nothing is written.
import { badInput, foldForSearch } from "@chapters/core";
import type { Prisma } from "../generated/prisma/client.ts";
import type { ImportedPerson, RowProblem } from "./import-rows.ts";

export interface ImportOutcome {
  rows: number;
  peopleCreated: number;
  peopleMatched: number;
  membershipsCreated: number;
}

export function rowsRejected(problems: RowProblem[]) {
  const rows = new Set(problems.map((p) => p.row)).size;
  const first = problems[0]!;
  return badInput(
    `Nothing was imported: ${rows} row(s) have problems (first: row ${first.row}${first.column ? `, column "${first.column}"` : ""}: ${first.message}). Fix them and send the whole file again.`,
    { rows: problems },
  );
}

export async function writePeople(tx: Prisma.TransactionClient, chapterId: string, people: ImportedPerson[]): Promise<ImportOutcome> {
  const ids = people.map((p) => p.nationalId).filter((id): id is string => !!id);
  const known = new Map((await tx.person.findMany({ where: { nationalId: { in: ids } } })).map((p) => [p.nationalId!, p]));
  const problems: RowProblem[] = [];
  const personIdOf = new Map<ImportedPerson, string>();
  const fresh: Prisma.PersonCreateManyInput[] = [];
  for (const p of people) {
    const existing = p.nationalId ? known.get(p.nationalId) : undefined;
    if (existing && foldForSearch(existing.fullName) !== foldForSearch(p.fullName)) {
      problems.push({ row: p.row, column: "CCCD", message: `CCCD ${p.nationalId} is registered under another name: check the number or the name` });
      continue;
    }
    const id = existing?.id ?? crypto.randomUUID();
    if (!existing) fresh.push({ id, fullName: p.fullName, searchName: foldForSearch(p.fullName), birthDate: p.birthDate, phone: p.phone, nationalId: p.nationalId });
    personIdOf.set(p, id);
  }
  const open = await tx.membership.findMany({
    where: { chapterId, leftOn: null, personId: { in: [...personIdOf.values()] } },
    select: { personId: true, kind: true },
  });
  const already = new Set(open.map((m) => `${m.personId}|${m.kind}`));
  for (const [p, personId] of personIdOf) {
    if (already.has(`${personId}|${p.kind}`)) problems.push({ row: p.row, column: "Loại", message: "this person is already listed in the chapter with this kind" });
  }
  if (problems.length) throw rowsRejected(problems.sort((a, b) => a.row - b.row));

  await tx.person.createMany({ data: fresh });
  const memberships = [...personIdOf].map(([p, personId]) => {
    const id = crypto.randomUUID();
    return { id, personId, chapterId, kind: p.kind, joinedOn: p.joinedOn, lineageId: id };
  });
  await tx.membership.createMany({ data: memberships });
  return { rows: people.length, peopleCreated: fresh.length, peopleMatched: people.length - fresh.length, membershipsCreated: memberships.length };
}
