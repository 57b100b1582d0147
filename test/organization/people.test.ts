// ORG-PEOPLE: slices and personal-data masking for VIEWER and PARTNER callers, and the CSV
// import that rejects a file with one bad row and writes nothing.
import { DEMO, startTestStack, type TestStack } from "@chapters/stack/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let t: TestStack;
beforeAll(async () => {
  // these tests are about the subgraphs' own rules for partner and screen identities, which hold
  // beneath the gateway's allow-list of operations: let them send their queries ad hoc
  t = await startTestStack({ gateway: { registeredOnly: [] } });
});
afterAll(async () => t?.stop());

const db = () => t.stack.organization.database.prisma;
const PEOPLE = `query($c: String!) { chapter(code: $c) { people(first: 200) { totalCount nodes { kind person { fullName birthDate birthYear phone nationalId masked } } } } }`;
const FIGURES = `query($c: String!) { chapter(code: $c) { figures(year: 2026) { members { members } dues { rate } } } }`;
const ward = DEMO.newTuSonWard;

describe("ORG-PEOPLE personal data is masked for VIEWER and PARTNER callers", () => {
  it("an OFFICER of an ancestor chapter sees full personal data", async () => {
    const res = await t.query(PEOPLE, { c: ward }, { chapter: DEMO.bacNinh, role: "OFFICER" });
    expect(res.errors).toBeUndefined();
    const people = res.data.chapter.people.nodes.map((n: any) => n.person);
    expect(people.length).toBeGreaterThan(10);
    expect(people.every((p: any) => !p.masked && /^\d{12}$/.test(p.nationalId) && /^0\d{9}$/.test(p.phone))).toBe(true);
  });

  it("a VIEWER of the same chapter gets masked names and phones, birth year only and no national ID", async () => {
    const full = (await t.query(PEOPLE, { c: ward }, { chapter: DEMO.bacNinh, role: "OFFICER" })).data.chapter.people.nodes;
    const res = await t.query(PEOPLE, { c: ward }, { chapter: DEMO.bacNinh, role: "VIEWER" });
    expect(res.errors).toBeUndefined();
    const masked = res.data.chapter.people.nodes;
    expect(masked).toHaveLength(full.length);
    masked.forEach((n: any, i: number) => {
      const p = n.person;
      const real = full[i].person;
      expect(p.masked).toBe(true);
      expect(p.nationalId).toBeNull();
      expect(p.birthDate).toBeNull();
      expect(p.birthYear).toBe(Number(real.birthDate.slice(0, 4)));
      expect(p.phone).toBe(`•••• ••• ${real.phone.slice(-3)}`);
      const [family, ...rest] = real.fullName.split(" ");
      expect(p.fullName).toBe([family, ...rest.map((w: string) => `${w[0]}.`)].join(" "));
      expect(p.fullName).not.toBe(real.fullName);
    });
  });

  it("a VIEWER cannot search people by name (it would reveal names)", async () => {
    const res = await t.query(`{ chapter(code: "${ward}") { people(search: "nguyen") { totalCount } } }`, {}, { chapter: DEMO.bacNinh, role: "VIEWER" });
    expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("a PARTNER granted neither people-list nor org-figures (only blood-stock) reads neither people nor figures", async () => {
    const partner = { chapter: DEMO.bacNinh, role: "PARTNER" as const, grants: ["blood-stock"] };
    const people = await t.query(PEOPLE, { c: ward }, partner);
    expect(people.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(people.errors?.[0]?.message).toMatch(/people-list/);
    const figures = await t.query(FIGURES, { c: ward }, partner);
    expect(figures.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(figures.errors?.[0]?.message).toMatch(/org-figures/);
  });

  it("a PARTNER granted figures and the people list gets figures and masked people; personal data needs its own grant", async () => {
    const figures = await t.query(FIGURES, { c: ward }, { chapter: DEMO.bacNinh, role: "PARTNER", grants: ["org-figures"] });
    expect(figures.errors).toBeUndefined();
    const officer = await t.query(FIGURES, { c: ward }, { chapter: DEMO.bacNinh, role: "OFFICER" });
    expect(figures.data).toEqual(officer.data);
    const listed = await t.query(PEOPLE, { c: ward }, { chapter: DEMO.bacNinh, role: "PARTNER", grants: ["people-list"] });
    expect(listed.errors).toBeUndefined();
    expect(listed.data.chapter.people.nodes.every((n: any) => n.person.masked && n.person.nationalId === null)).toBe(true);
    const open = await t.query(PEOPLE, { c: ward }, { chapter: DEMO.bacNinh, role: "PARTNER", grants: ["people-list", "personal-data"] });
    expect(open.data.chapter.people.nodes.every((n: any) => !n.person.masked && n.person.nationalId !== null)).toBe(true);
  });
});

describe("ORG-PEOPLE ORG-TREE slices for people and figures", () => {
  it("a ward VIEWER sees its own ward's figures but not a commune beside it, nor the province", async () => {
    const viewer = { chapter: ward, role: "VIEWER" as const };
    const own = await t.query(FIGURES, { c: ward }, viewer);
    expect(own.errors).toBeUndefined();
    expect(own.data.chapter.figures.members.members).toBeGreaterThan(0);
    for (const code of [DEMO.tienDuCommune, DEMO.bacNinh]) {
      const res = await t.query(FIGURES, { c: code }, viewer);
      expect(res.data.chapter).toBeNull();
      expect(res.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    }
  });

  it("a PARTNER of Tiên Du's Lim sees only Lim's people when listing below a chapter", async () => {
    const res = await t.query(
      `{ chapter(code: "${DEMO.tienDuCommune}") { people(first: 500, includeBelow: true) { totalCount nodes { membership: kind } } } }`,
      {},
      { chapter: DEMO.tienDuCommune, role: "PARTNER", grants: ["people-list"] },
    );
    expect(res.errors).toBeUndefined();
    const [row] = await db().$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM "Membership" m JOIN "Chapter" c ON c.id = m."chapterId" WHERE c.code = $1 AND m."leftOn" IS NULL AND m."joinedOn" <= CURRENT_DATE`,
      DEMO.tienDuCommune,
    );
    expect(res.data.chapter.people.totalCount).toBe(row!.n);
  });
});

const IMPORT = `mutation($id: ID!, $csv: String!, $key: String) { importPeople(chapterId: $id, csv: $csv, idempotencyKey: $key) { rows peopleCreated peopleMatched membershipsCreated } }`;
const idOf = async (code: string) => (await t.query(`{ chapter(code: "${code}") { id } }`, {}, { chapter: DEMO.central, role: "ADMIN" })).data.chapter.id as string;
const counts = async () => ({ people: await db().person.count(), memberships: await db().membership.count() });

describe("ORG-PEOPLE CSV import: all or nothing", () => {
  const header = "Họ và tên;Ngày sinh;Số điện thoại;CCCD;Loại;Ngày vào Hội";

  it("rejects a file with one bad row, says which row, column and why, and writes nothing", async () => {
    const before = await counts();
    const csv = [header, "Trần Thị Mai;17/05/1990;0912 345 678;027199000001;hội viên;01/03/2026", "Lê Văn Hùng;31/02/1985;0987654321;027185000002;hội viên;01/03/2026", "Phạm Thu Hà;02/09/2001;;;tình nguyện viên;15/04/2026"].join("\n");
    const res = await t.query(IMPORT, { id: await idOf(ward), csv }, { chapter: ward, role: "OFFICER" });
    expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(res.errors?.[0]?.extensions?.rows).toEqual([{ row: 3, column: "Ngày sinh", message: expect.stringMatching(/"31\/02\/1985" is not a date: write the birth date as dd\/mm\/yyyy/) }]);
    expect(res.errors?.[0]?.message).toMatch(/Nothing was imported: 1 row\(s\).*row 3, column "Ngày sinh"/);
    expect(await counts()).toEqual(before);
  });

  it("reports every bad row at once (unknown kind, short phone, duplicate CCCD)", async () => {
    const csv = [header, "Trần Thị Mai;17/05/1990;0912;027199000001;hội viên;01/03/2026", "Lê Văn Hùng;;;027199000001;chủ tịch;01/03/2026"].join("\r\n");
    const res = await t.query(IMPORT, { id: await idOf(ward), csv }, { chapter: ward, role: "OFFICER" });
    const rows = res.errors?.[0]?.extensions?.rows as { row: number; column: string }[];
    expect(rows.map((r) => `${r.row}:${r.column}`)).toEqual(["2:Số điện thoại", "3:Loại", "3:CCCD"]);
  });

  it("imports a good file in one transaction, and a retry with the same key imports nothing more", async () => {
    const before = await counts();
    const csv = [header, "Trần Thị Mai;17/05/1990;0912 345 678;027199000001;hội viên;01/03/2026", `"Nguyễn Văn An";1988-11-02;+84 987 654 321;027188000003;TNV;15/04/2026`].join("\n");
    const id = await idOf(ward);
    const first = await t.query(IMPORT, { id, csv, key: "import-test-1" }, { chapter: ward, role: "OFFICER" });
    expect(first.errors).toBeUndefined();
    expect(first.data.importPeople).toEqual({ rows: 2, peopleCreated: 2, peopleMatched: 0, membershipsCreated: 2 });
    const again = await t.query(IMPORT, { id, csv, key: "import-test-1" }, { chapter: ward, role: "OFFICER" });
    expect(again.data.importPeople).toEqual(first.data.importPeople);
    expect(await counts()).toEqual({ people: before.people + 2, memberships: before.memberships + 2 });
    const person = await db().person.findUnique({ where: { nationalId: "027188000003" } });
    expect(person?.phone).toBe("0987654321");
    // the same file once more without a key: these people are already in the chapter
    const dup = await t.query(IMPORT, { id, csv }, { chapter: ward, role: "OFFICER" });
    expect((dup.errors?.[0]?.extensions?.rows as unknown[]).length).toBe(2);
  });

  it("a VIEWER cannot import, and an officer cannot import into a chapter beside theirs", async () => {
    const csv = `${header}\nTrần Văn Bình;;;;hội viên;01/03/2026`;
    const viewer = await t.query(IMPORT, { id: await idOf(ward), csv }, { chapter: ward, role: "VIEWER" });
    expect(viewer.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const beside = await t.query(IMPORT, { id: await idOf(DEMO.tienDuCommune), csv }, { chapter: ward, role: "OFFICER" });
    expect(beside.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });
});
