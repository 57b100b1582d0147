// Tokens, grants, input bounds and money (docs/domain.md §5 and ORG-REFORM): a token must expire and
// may not outlive its chapter; every partner-readable field needs its own grant; bad input of
// any shape is BAD_USER_INPUT, never an internal error; money is exact and codes are enums.
import { signDevUserToken, REQUEST_BODY_LIMIT } from "@chapters/core";
import { DEMO, startTestStack, type TestStack } from "@chapters/stack/testing";
import { spawn } from "node:child_process";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let t: TestStack;
const ids = new Map<string, string>();
beforeAll(async () => {
  // partners' grants are checked by the subgraphs beneath the gateway's allow-list of operations:
  // these tests send their queries ad hoc
  t = await startTestStack({ gateway: { registeredOnly: [] } });
  for (const row of await t.stack.organization.database.prisma.chapter.findMany({ select: { id: true, code: true } })) ids.set(row.code, row.id);
});
afterAll(async () => t?.stop());

const id = (code: string) => ids.get(code)!;
const DEV_SECRET = new TextEncoder().encode("chapters-dev-user-secret-change-me-in-production");
const code = (res: { errors?: { extensions?: { code?: string } }[] }) => res.errors?.[0]?.extensions?.code ?? "OK";

describe("ORG-REFORM tokens of chapters that ended write nothing", () => {
  const FUND = `mutation($c: ID!, $d: Date!) { recordFundEntry(input: { chapterId: $c, entryDate: $d, kind: INCOME, amount: 1000000, source: "Ủng hộ" }) { id } }`;
  const ledger = (chapterId: string) => t.stack.organization.database.prisma.fundEntry.count({ where: { chapterId } });

  it("ORG-REFORM: an officer token of Hải Dương (merged into Hải Phòng) cannot back-date a fund entry on its old ward; the message names HP", async () => {
    const ward = id("HD.TP.NTR");
    const before = await ledger(ward);
    const res = await t.query(FUND, { c: ward, d: "2024-12-01" }, { chapter: DEMO.haiDuong, role: "OFFICER" });
    expect(code(res)).toBe("FORBIDDEN");
    expect(res.errors![0]!.message).toMatch(/HD no longer exists[\s\S]*HP/);
    expect(await ledger(ward)).toBe(before);
    // the successor's officers make the correction
    const hp = await t.query(FUND, { c: ward, d: "2024-12-01" }, { chapter: DEMO.haiPhong, role: "OFFICER" });
    expect(code(hp)).toBe("OK");
    expect(await ledger(ward)).toBe(before + 1);
  });

  it("ORG-REFORM: a Kiên Giang officer token (merged into An Giang) records no donation; the message names AG", async () => {
    const bloodIds = new Map((await (t.stack.services.blood!.database.prisma as any).treeChapter.findMany()).map((r: any) => [r.code, r.id]));
    const res = await t.query(
      `mutation($i: RegisterDonorInput!) { registerDonor(input: $i) { id } }`,
      { i: { chapterId: bloodIds.get("KG.RG.VTV"), fullName: "Trần Văn Cũ", phone: "0911000111", abo: "O", rh: "POSITIVE" } },
      { chapter: DEMO.kienGiang, role: "OFFICER" },
    );
    expect(code(res)).toBe("FORBIDDEN");
    expect(res.errors![0]!.message).toMatch(/KG no longer exists[\s\S]*AG/);
  });

  it("ORG-REFORM: a token of the dissolved Từ Sơn district writes nothing; the message names Bắc Ninh, which took over", async () => {
    const res = await t.query(FUND, { c: id(DEMO.dongNgan), d: "2025-03-01" }, { chapter: DEMO.tuSon, role: "ADMIN" });
    expect(code(res)).toBe("FORBIDDEN");
    expect(res.errors![0]!.message).toMatch(/BN\.TS no longer exists[\s\S]*\bBN\b/);
  });
});

describe("token lifetime", () => {
  const me = (token: string) => t.query(`{ me { role } }`, {}, { token });

  it("a token without exp is refused (UNAUTHENTICATED)", async () => {
    const forever = await new SignJWT({ chapter: "HP", role: "OFFICER", grants: [] }).setProtectedHeader({ alg: "HS256" }).setSubject("forever").setIssuedAt().sign(DEV_SECRET);
    const res = await me(forever);
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.message).toMatch(/no expiry/);
  });

  it("a token valid for longer than the cap (7 days by default) is refused; one within it is accepted", async () => {
    expect(code(await me(await signDevUserToken({ chapter: "HP", role: "OFFICER" }, { expiresIn: "30d" })))).toBe("UNAUTHENTICATED");
    expect(code(await me(await signDevUserToken({ chapter: "HP", role: "OFFICER" }, { expiresIn: "6d" })))).toBe("OK");
  });
});

describe("grants: each partner-readable field needs its own grant", () => {
  const ORG_FIGURES = `{ chapter(code: "BN") { figures(year: 2025) { members { members } } } }`;
  const PEOPLE = `{ chapter(code: "BN.PTS") { people(first: 1) { nodes { person { fullName } } } } }`;
  const BLOOD_FIGURES = `{ chapter(code: "BN") { bloodFigures(year: 2025) { units } } }`;
  const BLOOD_INDICATORS = `{ chapter(code: "BN") { bloodIndicators(year: 2025) { indicatorCode actual } } }`;
  const STOCK = `{ bloodStock(from: "2025-01-01", to: "2025-12-31") { units } }`;
  const DONORS = `{ donors(first: 1) { nodes { fullName } } }`;
  const queries = { ORG_FIGURES, PEOPLE, BLOOD_FIGURES, BLOOD_INDICATORS, STOCK, DONORS };
  type Q = keyof typeof queries;
  // what each grant alone opens; everything else is FORBIDDEN
  const opens: Record<string, Q[]> = {
    none: [],
    "org-figures": ["ORG_FIGURES"],
    "people-list": ["PEOPLE"],
    "blood-figures": ["BLOOD_FIGURES", "BLOOD_INDICATORS"],
    "blood-stock": ["STOCK"],
    "personal-data": ["DONORS"],
  };

  for (const [grant, allowed] of Object.entries(opens)) {
    it(`a PARTNER with ${grant === "none" ? "no grant" : `only "${grant}"`} reads ${allowed.join(", ") || "none of them"}`, async () => {
      const grants = grant === "none" ? [] : [grant];
      for (const [name, query] of Object.entries(queries) as [Q, string][]) {
        const res = await t.query(query, {}, { chapter: "BN", role: "PARTNER", grants });
        expect([name, code(res)]).toEqual([name, allowed.includes(name) ? "OK" : "FORBIDDEN"]);
      }
    });
  }
});

describe("bad input is BAD_USER_INPUT, never an internal error", () => {
  const PEOPLE = `query($a: String, $l: Int, $s: String) { chapter(code: "BN.PTS") { people(after: $a, last: $l, search: $s) { nodes { id } } } }`;
  const admin = { chapter: "TW", role: "ADMIN" as const };

  it("people(last: 5) without before names the fix", async () => {
    const res = await t.query(PEOPLE, { l: 5 }, admin);
    expect(code(res)).toBe("BAD_USER_INPUT");
    expect(res.errors![0]!.message).toMatch(/before/);
  });

  it("a garbage after cursor", async () => {
    expect(code(await t.query(PEOPLE, { a: "not-a-cursor" }, admin))).toBe("BAD_USER_INPUT");
    expect(code(await t.query(`{ chapters(after: "T2Zmc2V0Q29ubmVjdGlvbjp4") { totalCount } }`, {}, admin))).toBe("BAD_USER_INPUT");
  });

  it("a NUL byte in a search string", async () => {
    const res = await t.query(PEOPLE, { s: "Nguy\u0000n" }, admin);
    expect(code(res)).toBe("BAD_USER_INPUT");
    expect(res.errors![0]!.message).toMatch(/NUL/);
  });

  it("a 1.5 MB search string is refused by its bound before the database sees it", async () => {
    const before = t.statements();
    const res = await t.query(PEOPLE, { s: "a".repeat(1_500_000) }, admin);
    expect(code(res)).toBe("BAD_USER_INPUT");
    expect(res.errors![0]!.message).toMatch(/too long: at most 2,000 characters/);
    expect(t.statements()).toBe(before);
  });

  it("a request over the body limit is refused with the limit and the CSV limit in the message", async () => {
    const response = await fetch(t.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${await t.token("TW", "ADMIN")}` },
      body: JSON.stringify({ query: "{ me { role } }", variables: { pad: "x".repeat(REQUEST_BODY_LIMIT + 10) } }),
    });
    expect(response.status).toBe(413);
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe("BAD_USER_INPUT");
    expect(body.errors[0]!.message).toMatch(/11 MB[\s\S]*CSV import may be at most 5 MB/);
  });

  it("a CSV over 5 MB is refused with the limit, and a subgraph sends no inline timing traces unless configured", async () => {
    const csv = "Họ và tên,Ngày sinh\n" + "Nguyễn Văn An,01/01/1990\n".repeat(260_000);
    const res = await t.query(`mutation($c: ID!, $csv: String!) { importPeople(chapterId: $c, csv: $csv) { rows } }`, { c: id("BN.PTS"), csv }, admin);
    expect(code(res)).toBe("BAD_USER_INPUT");
    expect(res.errors![0]!.message).toMatch(/5 MB/);

    const traced = await fetch(t.stack.organization.url, {
      method: "POST",
      headers: { "content-type": "application/json", "apollo-federation-include-trace": "ftv1" },
      body: JSON.stringify({ query: "{ _service { sdl } }" }),
    });
    const body = (await traced.json()) as { extensions?: { ftv1?: string } };
    expect(body.extensions?.ftv1).toBeUndefined();
  });
});

describe("idempotency keys: same caller, same operation, same input", () => {
  const IMPORT = `mutation($c: ID!, $csv: String!, $k: String) { importPeople(chapterId: $c, csv: $csv, idempotencyKey: $k) { rows membershipsCreated } }`;
  const HEADER = "Họ và tên;Ngày sinh;Số điện thoại;CCCD;Loại;Ngày vào Hội\n";

  it("importPeople: a retry with the key replays; the same key with another file is CONFLICT and imports nothing", async () => {
    const officer = { chapter: DEMO.newTuSonWard, role: "OFFICER" as const };
    const memberships = () => t.stack.organization.database.prisma.membership.count();
    const first = await t.query(IMPORT, { c: id(DEMO.newTuSonWard), csv: HEADER + "Phạm Thị Lụa;02/03/1991;0913000001;001191000001;hội viên;01/02/2026\n", k: "import-1" }, officer);
    expect(first.errors).toBeUndefined();
    const count = await memberships();
    const retry = await t.query(IMPORT, { c: id(DEMO.newTuSonWard), csv: HEADER + "Phạm Thị Lụa;02/03/1991;0913000001;001191000001;hội viên;01/02/2026\n", k: "import-1" }, officer);
    expect(retry.data.importPeople).toEqual(first.data.importPeople);
    const other = await t.query(IMPORT, { c: id(DEMO.newTuSonWard), csv: HEADER + "Đỗ Văn Mạnh;05/06/1988;0913000002;001188000002;hội viên;01/02/2026\n", k: "import-1" }, officer);
    expect(code(other)).toBe("CONFLICT");
    expect(await memberships()).toBe(count);
  });
});

describe("start-up with PostgreSQL unreachable", () => {
  it("prints one line naming DATABASE_URL and exits non-zero, without a stack trace", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "stack/src/start-all.ts"], {
      env: { ...process.env, DATABASE_URL: "postgresql://postgres@127.0.0.1:1/postgres", PORT: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const exitCode = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(exitCode).not.toBe(0);
    const lines = stderr.split("\n").filter((line) => line.trim());
    expect(lines).toEqual([expect.stringMatching(/Cannot reach PostgreSQL at 127\.0\.0\.1:1 .*DATABASE_URL/)]);
  });
});

describe("money is an exact integer of đồng; closed sets of codes are enums", () => {
  const admin = { chapter: "TW", role: "ADMIN" as const };
  const FUND = `mutation($c: ID!, $a: Money!) { recordFundEntry(input: { chapterId: $c, entryDate: "2026-01-05", kind: INCOME, amount: $a, source: "Ngân sách" }) { amount kind kindLabel } }`;

  it("an amount beyond 2^31 is stored and read back exactly, in the entry and in the subtree balance", async () => {
    const chapter = id(DEMO.haiPhong);
    const before = await t.query(`{ chapter(code: "HP") { figures(year: 2026) { fund { subtreeBalance } } } }`, {}, admin);
    const amount = 3_000_000_000_017;
    const res = await t.query(FUND, { c: chapter, a: amount }, admin);
    expect(res.errors).toBeUndefined();
    expect(res.data.recordFundEntry).toEqual({ amount, kind: "INCOME", kindLabel: "Thu" });
    const after = await t.query(`{ chapter(code: "HP") { figures(year: 2026) { fund { subtreeBalance } } } }`, {}, admin);
    expect(after.data.chapter.figures.fund.subtreeBalance - before.data.chapter.figures.fund.subtreeBalance).toBe(amount);
  });

  it("fractions, words and floats are refused as money with a message naming đồng", async () => {
    for (const a of [1.5, "12,000", "abc"]) {
      const res = await t.query(FUND, { c: id(DEMO.haiPhong), a }, admin);
      expect(code(res)).toBe("BAD_USER_INPUT");
      expect(res.errors![0]!.message).toMatch(/đồng/);
    }
  });

  it("FundEntry.kind and a donation's type are enums: an unknown value is refused by the schema", async () => {
    const kind = await t.query(`mutation { recordFundEntry(input: { chapterId: "${id(DEMO.haiPhong)}", entryDate: "2026-01-05", kind: GIFT, amount: 1, source: "x" }) { id } }`, {}, admin);
    // refused while validating the query, before anything runs
    expect(["BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED"]).toContain(code(kind));
    expect(kind.errors![0]!.message).toMatch(/FundEntryKind/);
    const type = await t.query(`mutation { recordDonation(input: { donorId: "00000000-0000-0000-0000-000000000000", donatedOn: "2026-01-05", type: BLOOD, volumeMl: 350 }) { id } }`, {}, admin);
    expect(["BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED"]).toContain(code(type));
    expect(type.errors![0]!.message).toMatch(/DonationTypeCode/);
  });
});
