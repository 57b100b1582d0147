#!/bin/sh
# Runs The Guild's federation-gateway-audit against this gateway (docs/federation-audit.md).
# The audit is not on npm and is not part of this repository: clone it anywhere outside it, then
#   scripts/federation-audit.sh /tmp/federation-gateway-audit [rust|js] [suite-id]
# It patches that checkout for Node 20 (dev dependencies that cannot install here removed,
# Promise.withResolvers polyfilled, a 60 s health check instead of 2 s), adds a "chapters" gateway
# entry that starts gateway/src/main.ts in SUPERGRAPH_PATH mode behind a proxy adding an ADMIN dev
# token, and runs every suite (or one). Ports 4790-4792 on 127.0.0.1.
set -eu
AUDIT=$(cd "$1" && pwd)
PLANNER=${2:-rust}
SUITE=${3:-}
REPO=$(cd "$(dirname "$0")/.." && pwd)
cd "$AUDIT"

if [ ! -f polyfill.mjs ]; then
  node -e 'const f="package.json",p=JSON.parse(require("fs").readFileSync(f));
    for (const d of ["wgc","@graphql-hive/gateway","@graphql-hive/router-runtime","@changesets/changelog-github","@changesets/cli","pkgroll"]) delete p.devDependencies[d];
    require("fs").writeFileSync(f, JSON.stringify(p, null, 2));'
  rm -f package-lock.json
  sed -i 's/maxRetryTime: 2_000/maxRetryTime: 60_000/; s/retries: 20,/retries: 200,/' src/cli.ts
  echo 'if (!Promise.withResolvers) Promise.withResolvers = function () { let resolve, reject; const promise = new this((a, b) => { resolve = a; reject = b; }); return { promise, resolve, reject }; };' > polyfill.mjs
  npm install --no-audit --no-fund
fi

mkdir -p gateways/chapters
cat > gateways/chapters/gateway.json <<'JSON'
{ "name": "Chapters", "graphql": "http://127.0.0.1:4790/graphql", "health": "http://127.0.0.1:4790/healthcheck" }
JSON
cat > gateways/chapters/run.ts <<TS
// the gateway (its real entry point) on :4792, behind a proxy on :4790 that adds an ADMIN dev token
import http from "node:http";
process.env.SUPERGRAPH_PATH = new URL("./supergraph.graphql", import.meta.url).pathname;
process.env.PORT = "4792";
process.env.LOG_LEVEL ??= "warn";
const { signDevUserToken } = await import("$REPO/packages/core/src/index.ts");
const token = await signDevUserToken({ chapter: "TW", role: "ADMIN" });
await import("$REPO/gateway/src/main.ts");
const agent = new http.Agent({ keepAlive: true });
http.createServer((req, res) => {
  const path = req.url === "/healthcheck" ? "/health" : req.url;
  const headers = { ...req.headers, authorization: \`Bearer \${token}\` };
  const upstream = http.request({ host: "127.0.0.1", port: 4792, path, method: req.method, agent, headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on("error", (error) => { res.writeHead(502); res.end(String(error)); });
  req.pipe(upstream);
}).listen(4790, "127.0.0.1");
TS
cat > gateways/chapters/run.sh <<SH
npm start supergraph -- --cwd ./gateways/chapters --port 4791 --test \$1
cd "$REPO" && exec node --import tsx "$AUDIT/gateways/chapters/run.ts"
SH

export NODE_OPTIONS="--import $AUDIT/polyfill.mjs" GATEWAY_TIMEOUT=90000
[ "$PLANNER" = js ] && export QUERY_PLANNER=js
unset REDIS_URL
ARGS="--cwd ./gateways/chapters --run-script ./run.sh --port 4791 --graphql http://127.0.0.1:4790/graphql --healthcheck http://127.0.0.1:4790/healthcheck --reporter dot"
if [ -n "$SUITE" ]; then
  npx tsx src/cli.ts test-suite --test "$SUITE" $ARGS
else
  npx tsx src/cli.ts test $ARGS --write "results-$PLANNER.txt"
  echo "per suite: $AUDIT/gateways/chapters/results-$PLANNER.txt; failures: $AUDIT/gateways/chapters/logs/<suite>-tests.log"
fi
