// The stack outlives its database's restarts: every pool (the requests', the tree replica's, the
// outbox relay's) drops connections the server terminated and opens fresh ones; while the
// database is away requests fail fast with a retryable SERVICE_UNAVAILABLE and /ready says so.
// Run against the PostgreSQL server, where backends can be terminated and connections refused.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SERVER_DATABASE_URL, startTestStack, type TestStack } from "@chapters/stack/testing";

let t: TestStack;
let admin: pg.Client;
let database: string;

beforeAll(async () => {
  t = await startTestStack({ server: true });
  database = new URL(t.databaseUrl("organization")).pathname.slice(1);
  admin = new pg.Client({ connectionString: SERVER_DATABASE_URL });
  await admin.connect();
});
afterAll(async () => {
  await admin?.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`).catch(() => undefined);
  await admin?.end();
  await t?.stop();
});

const DASHBOARD = `{ chapter(code: "BN") { name figures(year: 2025) { members { members } } bloodIndicators(year: 2025) { actual } } }`;
const ask = () => t.query(DASHBOARD, {}, { chapter: "TW", role: "ADMIN" });
const terminateAll = () =>
  admin.query(`SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [database]);
const backends = async () =>
  (await admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [database])).rows[0].n as number;
const ready = async (service: "organization" | "blood") => {
  const response = await fetch(t.stack.services[service]!.url.replace(/\/graphql$/, "/ready"));
  return { status: response.status, body: (await response.json()) as { database: string } };
};

describe("a database restart does not stop the stack", () => {
  it("terminating every backend of the stack's database while requests run: no crash, and it keeps answering", async () => {
    expect((await ask()).errors).toBeUndefined();
    const during: Promise<{ errors?: { extensions?: { code?: string } }[] }>[] = [];
    let terminated = 0;
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 8; i++) during.push(ask());
      // wait until the requests hold connections, then cut them all
      for (let wait = 0; wait < 40 && (await backends()) === 0; wait++) await new Promise((resolve) => setTimeout(resolve, 5));
      terminated += (await terminateAll()).rows[0].n;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(terminated).toBeGreaterThan(0);
    const answers = await Promise.all(during);
    // a request caught mid-flight may fail, but only with the retryable code, never an internal error
    for (const answer of answers) {
      const code = answer.errors?.[0]?.extensions?.code;
      if (code) expect(code).toBe("SERVICE_UNAVAILABLE");
    }
    for (let i = 0; i < 5; i++) expect((await ask()).errors).toBeUndefined();
    expect((await ready("organization")).status).toBe(200);
    expect((await ready("blood")).status).toBe(200);
  });

  it("while the database refuses connections, requests fail fast with SERVICE_UNAVAILABLE and /ready reports it; both recover after", async () => {
    await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS false`);
    await terminateAll();
    try {
      const started = Date.now();
      const res = await ask();
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: "SERVICE_UNAVAILABLE", retryable: true });
      expect(res.errors?.[0]?.message).toMatch(/try again/);
      expect(Date.now() - started).toBeLessThan(15_000);
      const away = await ready("organization");
      expect(away.status).toBe(503);
      expect(away.body.database).toMatch(/unreachable/);
    } finally {
      await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`);
    }
    expect((await ask()).errors).toBeUndefined();
    expect((await ready("organization")).status).toBe(200);
  });
});
