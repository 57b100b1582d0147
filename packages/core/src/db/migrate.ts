// Applies a subgraph's migrations (prisma/<subgraph>/migrations) to its own Postgres schema,
// through the Prisma CLI run as a child process (never synchronously: the process hosting an
// embedded database must keep serving it while the CLI talks to it).
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import pg from "pg";
import { prismaDir, repoRoot } from "./paths.ts";

const require = createRequire(import.meta.url);

export async function ensureSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } finally {
    await client.end();
  }
}

export async function migrateSubgraph(subgraph: string, url: string): Promise<void> {
  await ensureSchema(url, subgraph);
  const cli = require.resolve("prisma/build/index.js", { paths: [repoRoot] });
  const config = path.join(prismaDir(subgraph), "prisma.config.ts");
  const unrefTimers = path.join(repoRoot, "prisma", "unref-timers.cjs");
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ["-r", unrefTimers, cli, "migrate", "deploy", "--config", config], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`Migrations of ${subgraph} failed (exit ${code}):\n${output}`)),
    );
  });
}
