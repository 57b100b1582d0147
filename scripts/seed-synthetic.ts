// `npm run seed:synthetic`: the synthetic load (scripts/synthetic.ts) from the command line.
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/chapters_bench npm run seed:synthetic -- [--scale national|small] [--seed 42]
// The database is created when the server has none by that name. The services' request log
// would bury the load's progress lines: warnings only, unless LOG_LEVEL says otherwise (the
// logger reads it when the services' modules load, hence the imports after this line).
import { parseArgs } from "node:util";

process.env.LOG_LEVEL ??= "warn";
const { startStack, subgraphModules } = await import("@chapters/stack");
const { loadSynthetic, SCALES } = await import("./synthetic.ts");
const { DatabaseSetupError, ensureDatabase } = await import("../prisma/synthetic-database.ts");

const { values } = parseArgs({ options: { scale: { type: "string", default: "national" }, seed: { type: "string", default: "42" } } });
const scale = SCALES[values.scale];
const url = process.env.DATABASE_URL;
if (!scale || !url) {
  console.error("usage: DATABASE_URL=postgresql://… npm run seed:synthetic -- [--scale national|small] [--seed 42]  (a PostgreSQL server: the volume is too large for the embedded database)");
  process.exit(2);
}
scale.organization = { ...scale.organization, seed: Number(values.seed) };
const started = Date.now();
try {
  if ((await ensureDatabase(url)) === "created") console.log(`Created database ${new URL(url).pathname.slice(1)} at ${new URL(url).host}.`);
} catch (error) {
  if (!(error instanceof DatabaseSetupError)) throw error;
  console.error(error.message);
  process.exit(1);
}
const stack = await startStack({ port: 0, databaseUrls: Object.fromEntries(subgraphModules.map((m) => [m.name, url])), seedDemo: true });
try {
  await loadSynthetic(stack, url, scale);
  console.log(`Synthetic data (${values.scale}) ready in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
} finally {
  await stack.stop();
}
