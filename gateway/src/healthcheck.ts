// A container's health check without curl in the image (compose.yaml):
//   node gateway/src/healthcheck.js http://127.0.0.1:4001/ready
// exits 0 when the service answers {"status":"ready"}, 1 otherwise (starting, degraded, away).
const url = process.argv[2] ?? `http://127.0.0.1:${process.env.PORT ?? 4000}/ready`;
try {
  const body = (await (await fetch(url, { signal: AbortSignal.timeout(3_000) })).json()) as { status?: string };
  process.exit(body.status === "ready" ? 0 : 1);
} catch {
  process.exit(1);
}
