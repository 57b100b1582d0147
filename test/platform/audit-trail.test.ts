// The audit trail (docs/partners-and-audit.md), through the gateway: every mutation is written to an
// append-only log in its own subgraph's database — once, with personal data redacted, in the same
// transaction as the change; a refused attempt is recorded with its error code and changes nothing
// else; a read of unmasked personal data is recorded once per request; ADMINs read their slice's
// log and nobody else reads it; nothing can edit or delete it, through the API or through SQL.
import type { BloodPrisma } from "@chapters/blood";
import { DEMO, startTestStack, type TestStack } from "@chapters/stack/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestPlan } from "../support/emulation.ts";

let t: TestStack;
const ids = new Map<string, string>();
const SUBGRAPHS = ["organization", "blood", "humanitarian", "emulation"] as const;
type Subgraph = (typeof SUBGRAPHS)[number];

const bnOfficer = { chapter: DEMO.bacNinh, role: "OFFICER" as const };
const hpOfficer = { chapter: DEMO.haiPhong, role: "OFFICER" as const };
const bnViewer = { chapter: DEMO.bacNinh, role: "VIEWER" as const };
const bnAdmin = { chapter: DEMO.bacNinh, role: "ADMIN" as const };
const hpAdmin = { chapter: DEMO.haiPhong, role: "ADMIN" as const };
const central = { chapter: DEMO.central, role: "ADMIN" as const };
const subjectOf = (caller: { chapter: string; role: string }) => `dev-${caller.role.toLowerCase()}@${caller.chapter}`;

/** The personal data the mutations below send: none of it may reach the log. */
const PERSON = { fullName: "Lê Thị Kiểm Toán", phone: "0987 654 321", nationalId: "027190000123" };
const CSV = `Họ và tên;Ngày sinh;Số điện thoại;CCCD;Loại;Ngày vào Hội\n${PERSON.fullName};02/03/1990;0987654321;${PERSON.nationalId};hội viên;01/02/2026\n`;

interface Entry {
  caller: string;
  role: string;
  callerChapter: string;
  chapterId: string | null;
  kind: string;
  operation: string;
  operationName: string | null;
  variables: string;
  outcome: string;
  records: string | null;
  requestId: string;
}

const ENTRY = "caller role callerChapter chapterId kind operation operationName variables outcome records requestId";

async function auditLog(subgraph: Subgraph, as: { chapter: string; role: "ADMIN" | "OFFICER" } = central, filter: Record<string, unknown> = {}) {
  const res = await t.query(
    `query($chapter: String, $caller: String, $operation: String, $kind: AuditKind, $from: Date, $to: Date) {
      log: ${subgraph}AuditLog(chapter: $chapter, caller: $caller, operation: $operation, kind: $kind, from: $from, to: $to, first: 1000) {
        totalCount nodes { ${ENTRY} } } }`,
    filter,
    as,
  );
  return res;
}

async function entries(subgraph: Subgraph, filter: Record<string, unknown> = {}, as: { chapter: string; role: "ADMIN" } = central): Promise<Entry[]> {
  const res = await auditLog(subgraph, as, filter);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data.log.nodes;
}

const REGISTER_DONOR = `mutation($i: RegisterDonorInput!) { registerDonor(input: $i) { id } }`;
const donorInput = (code: string, extra: Record<string, unknown> = {}) => ({ chapterId: ids.get(code), ...PERSON, abo: "O", rh: "POSITIVE", ...extra });

/** The mutations of this file, one or more per subgraph, by the subgraph that serves them. */
const ran: Record<Subgraph, string[]> = { organization: [], blood: [], humanitarian: [], emulation: [] };
let donorId: string;

beforeAll(async () => {
  t = await startTestStack();
  const blood = t.stack.services.blood!.database.prisma as BloodPrisma;
  for (const row of await blood.treeChapter.findMany()) ids.set(row.code, row.id);

  const imported = await t.query(`mutation($c: ID!, $csv: String!) { importPeople(chapterId: $c, csv: $csv) { rows } }`, { c: ids.get(DEMO.newTuSonWard), csv: CSV }, bnOfficer);
  expect(imported.errors, JSON.stringify(imported.errors)).toBeUndefined();
  ran.organization.push("importPeople");
  // a mutation without an idempotency key, in a transaction of its own
  const policy = await t.query(`mutation($c: ID!) { setDuesPolicy(chapterId: $c, year: 2027, amount: 60000) }`, { c: ids.get(DEMO.newTuSonWard) }, bnOfficer);
  expect(policy.errors, JSON.stringify(policy.errors)).toBeUndefined();
  ran.organization.push("setDuesPolicy");

  const donor = await t.query(REGISTER_DONOR, { i: donorInput(DEMO.newTuSonWard, { idempotencyKey: "audit-donor-1" }) }, bnOfficer);
  expect(donor.errors, JSON.stringify(donor.errors)).toBeUndefined();
  donorId = donor.data.registerDonor.id;
  ran.blood.push("registerDonor");

  const address = await t.query(
    `mutation($i: SurveyAddressInput!) { surveyHumanitarianAddress(input: $i) { id } }`,
    { i: { chapterId: ids.get(DEMO.newTuSonWard), kind: "HOUSEHOLD", category: "DISASTER", ...PERSON, addressLine: "Tổ 3, khu phố Đình Bảng", healthNote: "Gãy chân", householdSize: 4, needs: "Nhà hư hỏng", surveyedOn: "2026-09-01" } },
    bnOfficer,
  );
  expect(address.errors, JSON.stringify(address.errors)).toBeUndefined();
  ran.humanitarian.push("surveyHumanitarianAddress");

  await createTestPlan(t, hpOfficer, ids.get(DEMO.haiPhong)!, 2027, { criteria: 2 });
  ran.emulation.push("createEmulationPlan");
});
afterAll(async () => t?.stop());

describe("audit trail: mutations are audited once, with personal data redacted", () => {
  it("audit trail: every Mutation field that ran has exactly one OK entry per call, naming caller, chapter and request", async () => {
    const schema = await t.query(`{ __schema { mutationType { fields { name } } } }`, {}, central);
    const mutationFields = new Set<string>(schema.data.__schema.mutationType.fields.map((f: { name: string }) => f.name));
    for (const subgraph of SUBGRAPHS) {
      expect(ran[subgraph].length).toBeGreaterThan(0);
      const log = await entries(subgraph, { kind: "MUTATION" });
      // every entry names a mutation of the schema, and exactly the mutations that ran succeeded
      for (const entry of log) expect(mutationFields).toContain(entry.operation);
      expect(new Set(log.filter((e) => e.outcome === "OK").map((e) => e.operation))).toEqual(new Set(ran[subgraph]));
      for (const operation of ran[subgraph]) {
        const ok = log.filter((e) => e.operation === operation && e.outcome === "OK");
        expect(ok, `${subgraph}.${operation}`).toHaveLength(1);
        expect(ok[0]!.requestId).toMatch(/\S/);
        expect(ok[0]!.role).toBe("OFFICER");
      }
    }
    const [donor] = (await entries("blood", { operation: "registerDonor" })).filter((e) => e.outcome === "OK");
    expect(donor!.caller).toBe(subjectOf(bnOfficer));
    expect(donor!.callerChapter).toBe(DEMO.bacNinh);
    expect(donor!.chapterId).toBe(ids.get(DEMO.newTuSonWard));
  });

  it("audit trail: names, phones, CCCD numbers, addresses, health notes and imported files are redacted in every subgraph's log", async () => {
    for (const subgraph of SUBGRAPHS) {
      for (const entry of await entries(subgraph)) {
        for (const secret of [PERSON.fullName, "0987", PERSON.nationalId, "Đình Bảng", "Gãy chân", "Nhà hư hỏng"]) expect(entry.variables).not.toContain(secret);
      }
    }
    const [donor] = await entries("blood", { operation: "registerDonor" });
    const input = JSON.parse(donor!.variables).input;
    expect(input).toMatchObject({ fullName: "[redacted]", phone: "[redacted]", nationalId: "[redacted]", abo: "O", chapterId: ids.get(DEMO.newTuSonWard) });
    const [address] = await entries("humanitarian", { operation: "surveyHumanitarianAddress" });
    expect(JSON.parse(address!.variables).input).toMatchObject({ addressLine: "[redacted]", healthNote: "[redacted]", needs: "[redacted]", householdSize: 4 });
    const [imported] = await entries("organization", { operation: "importPeople" });
    expect(JSON.parse(imported!.variables)).toEqual({ chapterId: ids.get(DEMO.newTuSonWard), csv: "[redacted]" });
  });

  it("audit trail: an idempotent retry is recorded as REPLAYED, never as a second OK", async () => {
    const retry = await t.query(REGISTER_DONOR, { i: donorInput(DEMO.newTuSonWard, { idempotencyKey: "audit-donor-1" }) }, bnOfficer);
    expect(retry.data.registerDonor.id).toBe(donorId);
    const log = await entries("blood", { operation: "registerDonor", caller: subjectOf(bnOfficer) });
    expect(log.map((e) => e.outcome).sort()).toEqual(["OK", "REPLAYED"]);
  });

  it("audit trail: a refused mutation records its error code and changes nothing else", async () => {
    const blood = t.stack.services.blood!.database.prisma as BloodPrisma;
    const donors = await blood.donor.count();
    // Hải Phòng's officer writing into Bắc Ninh's ward: outside their slice
    const refused = await t.query(REGISTER_DONOR, { i: donorInput(DEMO.newTuSonWard, { phone: "0987 000 111", nationalId: "027190000999" }) }, hpOfficer);
    expect(refused.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    // a VIEWER may not write at all (refused before the resolver runs)
    const viewer = await t.query(REGISTER_DONOR, { i: donorInput(DEMO.newTuSonWard, { phone: "0987 000 222", nationalId: "027190000888" }) }, bnViewer);
    expect(viewer.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(await blood.donor.count()).toBe(donors);

    const outsider = await entries("blood", { operation: "registerDonor", caller: subjectOf(hpOfficer) });
    expect(outsider.map((e) => e.outcome)).toEqual(["NOT_FOUND"]);
    expect(JSON.parse(outsider[0]!.variables).input.phone).toBe("[redacted]");
    const byViewer = await entries("blood", { operation: "registerDonor", caller: subjectOf(bnViewer) });
    expect(byViewer.map((e) => e.outcome)).toEqual(["FORBIDDEN"]);
  });
});

describe("audit trail: no change and no personal data without its entry", () => {
  /** Makes the log refuse one kind of entry for the duration of `work` (a CHECK the test adds and drops). */
  async function withLogRefusing<T>(subgraph: Subgraph, condition: string, work: () => Promise<T>): Promise<T> {
    const db = t.stack.services[subgraph]!.database.prisma as { $executeRawUnsafe(sql: string): Promise<number> };
    await db.$executeRawUnsafe(`ALTER TABLE "AuditEntry" ADD CONSTRAINT "test_refuses" CHECK (${condition}) NOT VALID`);
    try {
      return await work();
    } finally {
      await db.$executeRawUnsafe(`ALTER TABLE "AuditEntry" DROP CONSTRAINT "test_refuses"`);
    }
  }

  it("audit trail: the entry is in the change's own transaction: when it cannot be written, the change is not made", async () => {
    const org = t.stack.organization.database.prisma;
    const chapterId = ids.get(DEMO.newTuSonWard)!;
    const refused = await withLogRefusing("organization", `operation <> 'setDuesPolicy'`, () =>
      t.query(`mutation($c: ID!) { setDuesPolicy(chapterId: $c, year: 2027, amount: 99000) }`, { c: chapterId }, bnOfficer),
    );
    expect(refused.errors).toBeDefined();
    expect((await org.duesPolicy.findFirstOrThrow({ where: { chapterId, year: 2027 } })).amount).toBe(60000n);
  });

  it("audit trail: when a read cannot be recorded, the personal data is withheld (SERVICE_UNAVAILABLE)", async () => {
    const read = await withLogRefusing("blood", `kind <> 'PERSONAL_DATA_READ'`, () =>
      t.query(`query($id: ID!) { donor(id: $id) { fullName phone } }`, { id: donorId }, bnOfficer),
    );
    expect(read.errors?.[0]?.extensions?.code).toBe("SERVICE_UNAVAILABLE");
    expect(JSON.stringify(read)).not.toContain(PERSON.fullName);
  });
});

describe("audit trail: reads of unmasked personal data are audited", () => {
  it("audit trail: an OFFICER reading a donor unmasked is logged once per request, with the records read and the request id", async () => {
    const before = await entries("blood", { kind: "PERSONAL_DATA_READ", caller: subjectOf(bnOfficer) });
    const response = await fetch(t.url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": "audit-read-donor-1", authorization: `Bearer ${await t.token(bnOfficer.chapter, bnOfficer.role)}` },
      body: JSON.stringify({ query: `query ReadDonor($id: ID!) { donor(id: $id) { fullName phone nationalId } }`, variables: { id: donorId } }),
    });
    const read = (await response.json()) as { data: { donor: { fullName: string } } };
    expect(read.data.donor.fullName).toBe(PERSON.fullName);
    const after = await entries("blood", { kind: "PERSONAL_DATA_READ", caller: subjectOf(bnOfficer) });
    expect(after).toHaveLength(before.length + 1);
    const entry = after[0]!;
    expect(entry).toMatchObject({ operation: "donor", requestId: "audit-read-donor-1", outcome: "OK", callerChapter: DEMO.bacNinh });
    expect(JSON.parse(entry.records!)).toEqual({ Donor: { count: 1, ids: [donorId] } });
  });

  it("audit trail: a page of people read unmasked is one entry counting every person (one INSERT, not one per row)", async () => {
    const page = await t.query(
      `query PeoplePage($c: String!) { chapter(code: $c) { people(first: 20) { nodes { person { id fullName } } } } }`,
      { c: DEMO.newTuSonWard },
      bnOfficer,
    );
    expect(page.errors).toBeUndefined();
    const people = new Set(page.data.chapter.people.nodes.map((n: { person: { id: string } }) => n.person.id));
    expect(people.size).toBeGreaterThan(1);
    const [entry] = await entries("organization", { kind: "PERSONAL_DATA_READ", caller: subjectOf(bnOfficer) });
    expect(entry!.operation).toBe("chapter");
    expect(JSON.parse(entry!.records!).Person.count).toBe(people.size);
  });

  it("audit trail: a VIEWER reading masked data leaves no entry", async () => {
    const read = await t.query(`{ donors(first: 50) { nodes { fullName phone } } }`, {}, bnViewer);
    expect(read.errors).toBeUndefined();
    expect(read.data.donors.nodes.length).toBeGreaterThan(0);
    expect(await entries("blood", { kind: "PERSONAL_DATA_READ", caller: subjectOf(bnViewer) })).toEqual([]);
  });
});

describe("audit trail: ADMINs read their slice's log; nobody alters it", () => {
  it("audit trail: a province's ADMIN sees its own entries and not another province's", async () => {
    const bn = await entries("emulation", {}, bnAdmin);
    const hp = await entries("emulation", {}, hpAdmin);
    expect(hp.some((e) => e.operation === "createEmulationPlan")).toBe(true);
    expect(bn.some((e) => e.operation === "createEmulationPlan")).toBe(false);
    const bnBlood = await entries("blood", {}, bnAdmin);
    expect(bnBlood.some((e) => e.caller === subjectOf(bnOfficer))).toBe(true);
    // the chapter filter: Bắc Ninh's ward, inside the slice; Hải Phòng is outside it
    const ward = await entries("organization", { chapter: DEMO.newTuSonWard, operation: "importPeople" }, bnAdmin);
    expect(ward).toHaveLength(1);
    const outside = await auditLog("organization", bnAdmin, { chapter: DEMO.haiPhong });
    expect(outside.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    // dates are days in Vietnam: nothing was done before 2020
    expect(await entries("blood", { to: "2020-01-01" })).toEqual([]);
    expect((await entries("blood", { from: "2020-01-01" })).length).toBeGreaterThan(0);
  });

  it("audit trail: an OFFICER may not read the log (FORBIDDEN, saying who may)", async () => {
    for (const subgraph of SUBGRAPHS) {
      const res = await auditLog(subgraph, bnOfficer);
      expect(res.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      expect(res.errors?.[0]?.message).toContain("Only an ADMIN");
    }
  });

  it("audit trail: the supergraph has no mutation that edits or deletes audit entries", async () => {
    const schema = await t.query(`{ __schema { mutationType { fields { name type { name ofType { name ofType { name } } } } } } }`, {}, central);
    const fields: { name: string; type: { name: string | null; ofType: { name: string | null; ofType: { name: string | null } | null } | null } }[] = schema.data.__schema.mutationType.fields;
    expect(fields.length).toBeGreaterThan(50);
    for (const field of fields) {
      expect(field.name).not.toMatch(/audit/i);
      expect([field.type.name, field.type.ofType?.name, field.type.ofType?.ofType?.name]).not.toContain("AuditEntry");
    }
  });

  it("audit trail: UPDATE, DELETE and TRUNCATE of the log fail in the database, for the subgraph's own connection", async () => {
    for (const subgraph of SUBGRAPHS) {
      const db = t.stack.services[subgraph]!.database.prisma as { $executeRawUnsafe(sql: string): Promise<number> };
      const count = (await entries(subgraph)).length;
      expect(count).toBeGreaterThan(0);
      await expect(db.$executeRawUnsafe(`UPDATE "AuditEntry" SET outcome = 'OK'`)).rejects.toThrow(/append-only/);
      await expect(db.$executeRawUnsafe(`DELETE FROM "AuditEntry"`)).rejects.toThrow(/append-only/);
      await expect(db.$executeRawUnsafe(`TRUNCATE "AuditEntry"`)).rejects.toThrow(/append-only/);
      expect((await entries(subgraph)).length).toBe(count);
    }
  });
});

describe("hardening: every refused mutation is audited, under the chapter it targeted", () => {
  it("a registration refused for a NUL character or an over-long name is audited (BAD_USER_INPUT), under the chapter it named, with the name redacted and the long text cut", async () => {
    const before = (await entries("blood", { operation: "registerDonor", caller: subjectOf(bnOfficer) })).length;
    const nul = await t.query(REGISTER_DONOR, { i: donorInput(DEMO.newTuSonWard, { fullName: "Lê Thị\u0000Kiểm", idempotencyKey: "audit-nul" }) }, bnOfficer);
    expect(nul.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const long = await t.query(REGISTER_DONOR, { i: donorInput(DEMO.newTuSonWard, { idempotencyKey: "k".repeat(5_000) }) }, bnOfficer);
    expect(long.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const refused = (await entries("blood", { operation: "registerDonor", caller: subjectOf(bnOfficer) })).filter((e) => e.outcome === "BAD_USER_INPUT");
    expect(refused.length).toBeGreaterThanOrEqual(2);
    expect((await entries("blood", { operation: "registerDonor", caller: subjectOf(bnOfficer) })).length).toBe(before + 2);
    for (const entry of refused.slice(0, 2)) {
      expect(entry.chapterId).toBe(ids.get(DEMO.newTuSonWard));
      expect(entry.variables).not.toContain(PERSON.fullName);
      expect(entry.variables).not.toContain(PERSON.phone);
    }
    const cut = refused.find((e) => e.variables.includes("characters)"))!;
    expect(cut.variables).toContain("(5000 characters)");
    expect(cut.variables.length).toBeLessThan(1_000);
  });

  it("an officer's attempt on another province's donor (NOT_FOUND) is filed under that donor's chapter, so that province's ADMIN sees it", async () => {
    const attempt = await t.query(
      `mutation($i: RecordDeferralInput!) { recordDeferral(input: $i) { id } }`,
      { i: { donorId, reason: "TATTOO", startsOn: "2026-09-02" } },
      hpOfficer,
    );
    expect(attempt.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const seenByBacNinh = await entries("blood", { operation: "recordDeferral", caller: subjectOf(hpOfficer) }, bnAdmin);
    expect(seenByBacNinh).toHaveLength(1);
    expect(seenByBacNinh[0]).toMatchObject({ outcome: "NOT_FOUND", chapterId: ids.get(DEMO.newTuSonWard), callerChapter: DEMO.haiPhong });
  });

  it("a successful mutation that names only a record (donorId) is filed under that record's chapter, found in its own INSERT: Bắc Ninh's ADMIN sees it, Hải Phòng's does not", async () => {
    const done = await t.query(
      `mutation($i: RecordDeferralInput!) { recordDeferral(input: $i) { id } }`,
      { i: { donorId, reason: "TATTOO", startsOn: "2026-09-03" } },
      bnOfficer,
    );
    expect(done.errors, JSON.stringify(done.errors)).toBeUndefined();
    const seenByBacNinh = (await entries("blood", { operation: "recordDeferral", caller: subjectOf(bnOfficer) }, bnAdmin)).filter((e) => e.outcome === "OK");
    expect(seenByBacNinh).toHaveLength(1);
    expect(seenByBacNinh[0]!.chapterId).toBe(ids.get(DEMO.newTuSonWard));
    expect((await entries("blood", { operation: "recordDeferral", caller: subjectOf(bnOfficer) }, hpAdmin)).length).toBe(0);
  });
});
