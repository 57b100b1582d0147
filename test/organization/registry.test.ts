// ORG-COVERAGE, ORG-PEOPLE, ORG-FUND registers: organisations in a chapter's area, clubs and teams,
// and the fund ledger — listed per chapter (paginated, batched), and kept by their mutations.
import { DEMO, startTestStack, type TestStack } from "@chapters/stack/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let t: TestStack;
beforeAll(async () => {
  // these tests are about the subgraphs' own rules for partner and screen identities, which hold
  // beneath the gateway's allow-list of operations: let them send their queries ad hoc
  t = await startTestStack({ gateway: { registeredOnly: [] } });
});
afterAll(async () => t?.stop());

const ward = DEMO.newTuSonWard;
const officer = { chapter: ward, role: "OFFICER" as const };
const db = () => t.stack.organization.database.prisma;
const idOf = async (code: string) => (await t.query(`{ chapter(code: "${code}") { id } }`, {}, { chapter: DEMO.central, role: "ADMIN" })).data.chapter.id as string;

const COVERAGE = `query($c: String!) { chapter(code: $c) {
  organisations(first: 1000) { totalCount nodes { id name kind hasRedCross } }
  uncovered: organisations(covered: false) { totalCount nodes { id } }
  figures(year: 2026) { coverage { organisations covered rate } } } }`;

describe("ORG-COVERAGE organisations in a chapter's area", () => {
  it("the list agrees with the coverage figures, and recording a Red Cross organisation raises the rate", async () => {
    const chapterId = await idOf(ward);
    const added = await t.query(
      `mutation($c: ID!) { registerOrganisation(chapterId: $c, kind: SCHOOL, name: "Trường THCS Thử Nghiệm", listedOn: "2026-01-05") }`,
      { c: chapterId },
      officer,
    );
    expect(added.errors).toBeUndefined();
    const before = (await t.query(COVERAGE, { c: ward }, officer)).data.chapter;
    // the list is the chapter's own area; the figures add the chapters below it
    // (and counts agencies, schools and hospitals; enterprises are reported apart)
    const listed = await db().organisation.count({ where: { chapterId, listedOn: { lte: new Date() }, OR: [{ delistedOn: null }, { delistedOn: { gt: new Date() } }] } });
    const enterprises = before.organisations.nodes.filter((o: { kind: string }) => o.kind === "ENTERPRISE").length;
    expect(before.organisations.totalCount).toBe(listed);
    expect(before.figures.coverage.organisations).toBeGreaterThanOrEqual(listed - enterprises);
    const listedCovered = before.organisations.nodes.filter((o: { hasRedCross: boolean }) => o.hasRedCross).length;
    expect(before.uncovered.totalCount).toBe(listed - listedCovered);
    expect(before.uncovered.nodes.map((o: { id: string }) => o.id)).toContain(added.data.registerOrganisation);

    const recorded = await t.query(
      `mutation($o: ID!) { recordRedCrossOrganisation(organisationId: $o, since: "2026-02-01") }`,
      { o: added.data.registerOrganisation },
      officer,
    );
    expect(recorded.errors).toBeUndefined();
    const after = (await t.query(COVERAGE, { c: ward }, officer)).data.chapter;
    expect(after.figures.coverage.covered).toBe(before.figures.coverage.covered + 1);
    expect(after.figures.coverage.rate).toBeGreaterThan(before.figures.coverage.rate);
    const again = await t.query(`mutation($o: ID!) { recordRedCrossOrganisation(organisationId: $o, since: "2026-02-01") }`, { o: added.data.registerOrganisation }, officer);
    expect(again.errors?.[0]?.extensions?.code).toBe("CONFLICT");
  });

  it("an officer of another ward cannot touch it, and bad input writes nothing", async () => {
    const org = await db().organisation.findFirstOrThrow({ where: { chapterId: await idOf(ward), hasRedCross: false } }).catch(() => null);
    const anyOrg = org ?? (await db().organisation.findFirstOrThrow({ where: { chapterId: await idOf(ward) } }));
    const other = await t.query(`mutation($o: ID!) { recordRedCrossOrganisation(organisationId: $o, since: "2026-02-01") }`, { o: anyOrg.id }, { chapter: DEMO.newTamSonWard, role: "OFFICER" });
    expect(other.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const count = await db().organisation.count();
    const bad = await t.query(`mutation($c: ID!) { registerOrganisation(chapterId: $c, kind: AGENCY, name: "  ", listedOn: "2026-01-05") }`, { c: await idOf(ward) }, officer);
    expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(bad.errors?.[0]?.message).toMatch(/name/);
    expect(await db().organisation.count()).toBe(count);
  });
});

describe("ORG-PEOPLE clubs and teams", () => {
  it("a new first-aid team lists with its members", async () => {
    const chapterId = await idOf(ward);
    const club = await t.query(
      `mutation($c: ID!) { createClub(chapterId: $c, kind: FIRST_AID_TEAM, name: "Đội sơ cấp cứu phường", servesLevel: COMMUNE, foundedOn: "2026-01-10") }`,
      { c: chapterId },
      officer,
    );
    expect(club.errors).toBeUndefined();
    const member = await db().membership.findFirstOrThrow({ where: { chapterId, leftOn: null } });
    const added = await t.query(`mutation($c: ID!, $p: ID!) { addClubMember(clubId: $c, personId: $p, joinedOn: "2026-02-01") }`, { c: club.data.createClub, p: member.personId }, officer);
    expect(added.errors).toBeUndefined();
    const list = await t.query(
      `query($c: String!) { chapter(code: $c) { clubs(kinds: [FIRST_AID_TEAM]) { nodes { id kindLabel servesLevel members } } } }`,
      { c: ward },
      officer,
    );
    const found = list.data.chapter.clubs.nodes.find((c: { id: string }) => c.id === club.data.createClub);
    expect(found).toMatchObject({ kindLabel: "Đội sơ cấp cứu", servesLevel: "COMMUNE", members: 1 });
    const twice = await t.query(`mutation($c: ID!, $p: ID!) { addClubMember(clubId: $c, personId: $p, joinedOn: "2026-02-01") }`, { c: club.data.createClub, p: member.personId }, officer);
    expect(twice.errors?.[0]?.extensions?.code).toBe("CONFLICT");
  });
});

describe("ORG-FUND the fund ledger", () => {
  it("an entry recorded appears in the ledger and moves the balance", async () => {
    const chapterId = await idOf(ward);
    const q = `query($c: String!) { chapter(code: $c) { fundLedger(from: "2026-01-01", to: "2026-12-31", first: 1000) { totalCount nodes { id amount kind source } } figures(year: 2026) { fund { balance } } } }`;
    const before = (await t.query(q, { c: ward }, officer)).data.chapter;
    const res = await t.query(
      `mutation($c: ID!) { recordFundEntry(input: { chapterId: $c, entryDate: "2026-03-03", kind: INCOME, amount: 1500000, source: "Ủng hộ của doanh nghiệp" }) { id } }`,
      { c: chapterId },
      officer,
    );
    expect(res.errors).toBeUndefined();
    const after = (await t.query(q, { c: ward }, officer)).data.chapter;
    expect(after.fundLedger.totalCount).toBe(before.fundLedger.totalCount + 1);
    expect(after.fundLedger.nodes.find((e: { id: string }) => e.id === res.data.recordFundEntry.id)).toMatchObject({ amount: 1500000, kind: "INCOME" });
    expect(after.figures.fund.balance - before.figures.fund.balance).toBe(1500000);
  });

  it("a partner without the org-figures grant cannot read registers", async () => {
    const res = await t.query(`query($c: String!) { chapter(code: $c) { fundLedger { totalCount } } }`, { c: ward }, { chapter: ward, role: "PARTNER" });
    expect(res.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});

describe("registers listed under many chapters cost a fixed number of statements", () => {
  const LIST = `query($n: Int!) { chapters(first: $n, asOf: "2024-12-31") { nodes { code
    organisations(first: 5) { totalCount nodes { name } } clubs(first: 5) { nodes { name members } }
    fundLedger(from: "2024-01-01", to: "2024-12-31", first: 5) { nodes { amount } } } } }`;
  it("5 chapters and 60 chapters", async () => {
    const admin = { chapter: DEMO.central, role: "ADMIN" as const };
    await t.query(LIST, { n: 2 }, admin);
    const measure = async (n: number) => {
      const before = t.statements();
      const res = await t.query(LIST, { n }, admin);
      expect(res.errors).toBeUndefined();
      expect(res.data.chapters.nodes).toHaveLength(n);
      return t.statements() - before;
    };
    const small = await measure(5);
    const large = await measure(60);
    expect(large).toBe(small);
  });
});
