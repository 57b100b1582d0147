// Test harness: a real gateway and subgraphs on free ports, against a fresh database — a new
// PostgreSQL database per test file when DATABASE_URL is set, else an in-memory embedded one.
import { randomBytes } from "node:crypto";
import { signDevUserToken, type Role } from "@chapters/core";
import { subgraphModules } from "../services.ts";
import { startStack, type Stack, type StackOptions } from "../stack.ts";
import pg from "pg";
import { partnerTokens } from "./partners.ts";
import { embeddedSnapshot, templateDatabase } from "./snapshots.ts";

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string; [key: string]: unknown } }[];
}

export interface TestStack {
  stack: Stack;
  url: string;
  /** SQL statements a subgraph has sent so far (requests only; background work has its own pool) */
  statements(subgraph?: string): number;
  /** a token for the caller; a PARTNER's `grants` are made as data (partners.ts), its token names the partner */
  token(chapter: string, role?: Role, grants?: string[]): Promise<string>;
  /** the PostgreSQL URL a subgraph runs on (embedded or the per-file database) */
  databaseUrl(subgraph: string): string;
  /** a GraphQL request through the gateway as the given caller (or with a raw token, or none) */
  query<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    as?: { chapter: string; role?: Role; grants?: string[] } | { token: string | null },
  ): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

/** A new database on the PostgreSQL server at `baseUrl` — empty, or a copy of `template` — and
 * how to drop it. */
export async function freshDatabase(
  baseUrl: string,
  template?: string,
  name = `chapters_test_${randomBytes(6).toString("hex")}`,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ""}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** The PostgreSQL server the race tests need even in the embedded run: the embedded database
 * serialises every request and would hide the races they look for. */
export const SERVER_DATABASE_URL = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export interface TestStackOptions {
  seedDemo?: boolean;
  /** run on the PostgreSQL server even in the embedded run */
  server?: boolean;
  /** PARTNER and SCREEN may send only registered operations, as in production, unless a suite
   * about the subgraphs' own access rules lets every role send ad-hoc queries (`registeredOnly: []`) */
  gateway?: StackOptions["gateway"];
  /** the server database's name (default: a random one) */
  databaseName?: string;
}

/** Limits for tests: production's shape limits, and a rate no suite reaches (each suite sends
 * hundreds of requests as one caller); the rate limit has its own tests with its own gateways. */
const TEST_LIMITS = { ratePerWindow: 1_000_000, anonymousRatePerWindow: 1_000_000 };

export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const base = options.server ? SERVER_DATABASE_URL : process.env.DATABASE_URL;
  const seedDemo = options.seedDemo ?? true;
  // one database per test file, a copy of the run's snapshot when there is one yet (snapshots.ts);
  // the subgraphs share it, each in its own schema
  const template = base ? await templateDatabase(base, seedDemo) : undefined;
  const snapshot = base ? undefined : await embeddedSnapshot(seedDemo);
  const db = base ? await freshDatabase(base, template, options.databaseName) : null;
  const stack = await startStack({
    port: 0,
    databaseUrls: db ? Object.fromEntries(subgraphModules.map((m) => [m.name, db.url])) : {},
    seedDemo,
    embeddedSnapshot: snapshot,
    migrate: !(template || snapshot),
    gateway: { ...options.gateway, limits: { ...TEST_LIMITS, ...options.gateway?.limits } },
  });
  const url = stack.gateway.url;
  const asCentralAdmin = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${await signDevUserToken({ chapter: "TW", role: "ADMIN" })}` },
      body: JSON.stringify({ query, variables }),
    });
    return { ...((await response.json()) as GraphQLResponse), status: response.status };
  };
  const partnerToken = partnerTokens(asCentralAdmin);
  const token = (chapter: string, role: Role = "OFFICER", grants: string[] = []) =>
    role === "PARTNER" ? partnerToken(chapter, grants) : signDevUserToken({ chapter, role, grants });
  return {
    stack,
    url,
    statements: (subgraph = "organization") => stack.services[subgraph]!.database.statements.count,
    token,
    databaseUrl: (subgraph) => db?.url ?? stack.embedded[subgraph]!,
    async query(query, variables = {}, as = { chapter: "TW", role: "ADMIN" }) {
      const bearer = "token" in as ? as.token : await token(as.chapter, as.role ?? "OFFICER", as.grants ?? []);
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as GraphQLResponse;
      return { ...body, status: response.status };
    },
    async stop() {
      await stack.stop();
      await db?.drop();
    },
  };
}

export const codes = (nodes: { code: string }[]) => nodes.map((n) => n.code).sort();
