import path from "node:path";
import { defineConfig } from "prisma/config";
import { cliAdapter, DEFAULT_DATABASE_URL } from "../cli-adapter.ts";

const SCHEMA = "blood";
// The CLI must be able to read the datasource URL, or it falls back to a native engine it
// would try to download.
process.env.DATABASE_URL ??= DEFAULT_DATABASE_URL;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(import.meta.dirname, "schema.prisma"),
  migrations: { path: path.join(import.meta.dirname, "migrations") },
  adapter: async () => cliAdapter(SCHEMA),
});
