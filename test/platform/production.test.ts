// A production start, as an operator runs it (`npm start` with NODE_ENV=production, in its own
// process, docs/security.md): without its secrets it refuses to start and names them; with them it
// prints no token, prefills none in the explorer and loads no demo data; after hostile requests
// its output (stdout and stderr) holds no personal data and no stack trace; and its answers give
// no schema suggestions (each its own test, so each fails on its own). On the PostgreSQL server
// when DATABASE_URL is set (a fresh database), else on the embedded database under a temporary folder.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { repoRoot, signDevUserToken } from "@chapters/core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProcess, type ServiceProcess } from "@chapters/stack";
import { freshDatabase } from "@chapters/stack/testing";

const SECRETS = { JWT_SECRET: "production-user-secret-for-this-test-0123456789", INTERNAL_JWT_SECRET: "production-internal-secret-for-this-test-0123456789" };
const JWT = /eyJ[\w-]{10,}\.[\w-]{10,}\./;
/** what the hostile requests below send: none of it may be printed */
const PERSON = { fullName: "Nguyễn Văn Bí Mật", phone: "0912345678", cccd: "001099012345", birthDate: "1990-99-99" };

let database: Awaited<ReturnType<typeof freshDatabase>> | null = null;
let dataDir: string;
let chapters: ServiceProcess;

const where = (): Record<string, string> => (database ? { DATABASE_URL: database.url } : { DATA_DIR: dataDir });

beforeAll(async () => {
  database = process.env.DATABASE_URL ? await freshDatabase(process.env.DATABASE_URL) : null;
  dataDir = await mkdtemp(path.join(tmpdir(), "chapters-production-"));
  chapters = await startProcess("stack/src/start-all.ts", { NODE_ENV: "production", LOG_LEVEL: "info", PORT: "0", ...SECRETS, ...where() }, /Chapters is running — (\S+)/);
}, 300_000);
afterAll(async () => {
  await chapters?.stop();
  await database?.drop();
  await rm(dataDir, { recursive: true, force: true });
}, 60_000);

const ask = async (body: unknown, token: string | null) => {
  const response = await fetch(chapters.url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return (await response.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
};
const adminToken = () => signDevUserToken({ chapter: "TW", role: "ADMIN", sub: "operator@TW" }, { secret: SECRETS.JWT_SECRET });

describe("a production start", () => {
  it("without its secrets, refuses to start and says which are missing", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "stack/src/start-all.ts"], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", PORT: "0", DATA_DIR: dataDir, JWT_SECRET: SECRETS.JWT_SECRET },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let said = "";
    child.stdout.on("data", (chunk) => (said += chunk));
    child.stderr.on("data", (chunk) => (said += chunk));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(1);
    expect(said).toMatch(/set INTERNAL_JWT_SECRET/);
    expect(said).not.toMatch(/set JWT_SECRET/);
    expect(said).not.toMatch(JWT);
  }, 120_000);

  it("prints no token and prefills none in the explorer at /graphql", async () => {
    expect(chapters.output().join("\n")).not.toMatch(JWT);
    expect(chapters.output().join("\n")).not.toMatch(/Bearer/);
    const page = await fetch(chapters.url, { headers: { accept: "text/html" } }).then((r) => r.text());
    expect(page).toMatch(/GraphiQL|graphiql/);
    expect(page).not.toMatch(JWT);
    expect(page).not.toMatch(/Bearer/);
  });

  it("loads no demo data into the empty database", async () => {
    const res = await ask({ query: '{ chapter(code: "HP") { name } }' }, await adminToken());
    expect(JSON.stringify(res)).not.toMatch(/Hải Phòng/);
    expect(res.data?.chapter ?? null).toBeNull();
    if (database) {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      const counts = await client.query(`SELECT (SELECT count(*) FROM organization."Chapter")::int AS chapters, (SELECT count(*) FROM blood."Donor")::int AS donors`);
      await client.end();
      expect(counts.rows[0]).toEqual({ chapters: 0, donors: 0 });
    }
    expect(chapters.output().join("\n")).not.toMatch(/demo data loaded/);
  });

  it("answers a mistyped field with no schema suggestion, with or without a token", async () => {
    for (const as of [null, await adminToken()]) {
      const answer = await ask({ query: "{ me { rolee } }" }, as);
      expect(answer.errors?.length, JSON.stringify(answer)).toBeGreaterThan(0);
      expect(JSON.stringify(answer)).not.toMatch(/Did you mean/);
    }
  });

  it("after hostile requests, its output holds no personal data and no stack trace", async () => {
    const token = await adminToken();
    const register = "mutation($i: RegisterDonorInput!) { registerDonor(input: $i) { id } }";
    const chapterId = "00000000-0000-4000-8000-000000000000";
    const input = { chapterId, fullName: PERSON.fullName, phone: PERSON.phone, abo: "O", rh: "POSITIVE" };
    const hostile: [unknown, string | null][] = [
      // an unknown field: GraphQL's message quotes the whole input back
      [{ query: register, variables: { i: { ...input, cccd: PERSON.cccd } } }, token],
      [{ query: register, variables: { i: { ...input, cccd: PERSON.cccd } } }, null],
      // a malformed birth date, a wrong type, a NUL and an over-long name
      [{ query: register, variables: { i: { ...input, birthDate: PERSON.birthDate } } }, token],
      [{ query: register, variables: { i: { ...input, phone: { number: PERSON.phone } } } }, token],
      [{ query: register, variables: { i: { ...input, fullName: `${PERSON.fullName}\u0000` } } }, token],
      [{ query: register, variables: { i: { ...input, nationalId: PERSON.cccd, fullName: PERSON.fullName.repeat(200) } } }, token],
      [{ query: "query($p: Int) { me { role } }", variables: { p: PERSON.phone } }, token],
      // a mistyped field, with and without a token
      [{ query: "{ me { rolee } }" }, null],
      [{ query: "{ me { rolee } }" }, token],
    ];
    const answers = [];
    for (const [body, as] of hostile) answers.push(await ask(body, as));
    await fetch(`${chapters.url}?query=${encodeURIComponent("query($p: Int) { me { role } }")}&variables=${encodeURIComponent(JSON.stringify({ p: PERSON.phone }))}`, {
      headers: { authorization: `Bearer ${token}`, "x-graphql-csrf": "1" },
    });
    await fetch(new URL("/metrics", chapters.url)).then((r) => r.text());
    for (const answer of answers) expect(answer.errors?.length, JSON.stringify(answer)).toBeGreaterThan(0);
    // give the logger a moment to write
    await new Promise((resolve) => setTimeout(resolve, 500));
    const output = chapters.output().join("\n");
    for (const value of Object.values(PERSON)) expect(output).not.toContain(value);
    expect(output).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)/m);
  });
});
