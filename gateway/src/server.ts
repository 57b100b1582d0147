// The gateway: Hive Gateway's runtime in library mode, embedded in a Node HTTP server. It
// verifies the caller's token, plans each operation across the subgraphs and forwards the
// identity to them. Serves /graphql, /health (alive) and /ready (schema loaded, each subgraph's
// state), /screen/<ceremony> (the conference screen), /dashboard (the example dashboard); subscriptions over graphql-ws (same path) and SSE (POST with Accept: text/event-stream).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { blockFieldSuggestionsPlugin } from "@escape.tech/graphql-armor-block-field-suggestions";
import { createPubSubFromEnv, logger as pinoLogger, serviceLogger, userTokenConfigFromEnv, type PubSub, type Role, type UserTokenConfig } from "@chapters/core";
import { createGatewayRuntime } from "@graphql-hive/gateway-runtime";
import { Logger } from "@graphql-hive/logger";
import { PinoLogWriter } from "@graphql-hive/logger/writers/pino";
import { unifiedGraphHandler } from "@graphql-hive/router-runtime";
import http_transport from "@graphql-mesh/transport-http";
import ws_transport from "@graphql-mesh/transport-ws";
import { composeSupergraph, SupergraphError, type SubgraphEndpoint } from "./compose.ts";
import { useCostBudget } from "./cost.ts";
import { explorer, type ExplorerOptions } from "./explorer.ts";
import { maskError, useNullDataOnFieldErrors } from "./errors.ts";
import { withinBodyLimit } from "./body-limit.ts";
import { useNormalisedDocuments } from "./document-cache.ts";
import { useExpandedFieldLimit } from "./fan-out.ts";
import { createRateLimiter, limitsFromEnv, shapeLimitPlugins, type Limits } from "./limits.ts";
import { callerResolver, forwardIdentity, useAnonymousRateLimit, useCallerIdentity } from "./identity.ts";
import { useGatewayMetrics } from "./metrics.ts";
import { partnerAccessSource, usePartnerOperations } from "./partners.ts";
import { REGISTERED_ONLY, registeredOperationNames, trustedDocuments } from "./trusted-documents.ts";
import { subgraphsOf, subgraphStates } from "./readiness.ts";
import { downloadHandler, DOWNLOADS } from "./downloads.ts";
import { useResilientSubscriptions } from "./live/resilient.ts";
import { screenHandler } from "./live/screen.ts";
import { dashboardHandler } from "./dashboard.ts";
import { liveTransportEntries, subgraphNamesOf } from "./live/transport.ts";
import { serveGatewayWebSocket } from "./live/websocket.ts";
import { StreamBudget, useSseStreamBudget } from "./live/stream-budget.ts";
import { tracingPlugins } from "./tracing.ts";
import { fixedSupergraph, supergraphFromFile, type SupergraphSource } from "./supergraph-file.ts";

const log = serviceLogger("gateway");

export interface GatewayOptions {
  port?: number;
  host?: string;
  /** compose in-process from these running subgraphs… */
  subgraphs?: SubgraphEndpoint[];
  /** …or load (and watch) a supergraph composed elsewhere */
  supergraphPath?: string;
  userTokens?: UserTokenConfig;
  /** defaults from the environment (limitsFromEnv) */
  limits?: Partial<Limits>;
  /** Redis for the shared rate limit (default REDIS_URL; "" = in memory, per instance) */
  redisUrl?: string;
  /** schema introspection and "Did you mean …" suggestions (default: on, off when NODE_ENV=production) */
  introspection?: boolean;
  /** GraphiQL at GET /graphql (headers to prefill) */
  explorer?: ExplorerOptions;
  /** roles that may run only registered operations (default PARTNER and SCREEN; [] lets every role send ad-hoc queries) */
  registeredOnly?: readonly Role[];
  /** where the organization announces grant changes (default: REDIS_URL's, or none: a partner's
   * cached grants then last their few seconds) */
  pubsub?: PubSub;
}

export interface RunningGateway {
  url: string;
  port: number;
  stop(): Promise<void>;
}

async function supergraphSource(options: GatewayOptions): Promise<SupergraphSource> {
  if (options.supergraphPath) return supergraphFromFile(options.supergraphPath);
  if (!options.subgraphs?.length) throw new Error("The gateway needs subgraph URLs or SUPERGRAPH_PATH.");
  return fixedSupergraph(await composeSupergraph(options.subgraphs));
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const supergraph = await supergraphSource(options);
  const callers = callerResolver(options.userTokens ?? userTokenConfigFromEnv());
  const limits: Limits = { ...limitsFromEnv(), ...options.limits };
  const rateLimiter = createRateLimiter(limits, options.redisUrl ?? process.env.REDIS_URL);
  const addressLimiter = createRateLimiter(limits, options.redisUrl ?? process.env.REDIS_URL, "address");
  const closeLimiters = async () => {
    await rateLimiter.close();
    await addressLimiter.close();
  };
  const schemaIsPublic = options.introspection ?? process.env.NODE_ENV !== "production";
  const registeredOnly = options.registeredOnly ?? REGISTERED_ONLY;
  const streams = new StreamBudget(limits.maxSubscriptionsPerCaller);
  const subgraphNames = () => subgraphNamesOf(supergraph.current());
  const ownPubsub = options.pubsub ? null : process.env.REDIS_URL ? createPubSubFromEnv() : null;
  const partners = await partnerAccessSource({
    organizationUrl: () => subgraphsOf(supergraph.current()).find((s) => s.name === "organization")?.url,
    pubsub: options.pubsub ?? ownPubsub ?? undefined,
  });
  const closePartners = async () => {
    await partners.close();
    await ownPubsub?.close();
  };

  const runtime = createGatewayRuntime({
    supergraph: () => supergraph.current(),
    // the Rust planner returns a clean null for a reference to an entity its subgraph does not
    // have, where the JS planner reports a non-null violation (docs/architecture.md, "The gateway engine")
    ...(process.env.QUERY_PLANNER === "js" ? {} : { unifiedGraphHandler }),
    // a reloaded supergraph serves new requests; requests in flight finish on the old one
    gracefulSchemaReload: { drainTimeout: 30_000 },
    logging: new Logger({ level: pinoLogger.level as "info", writers: [new PinoLogWriter(log)] }),
    transports: { http: http_transport, ws: ws_transport },
    // subscriptions reach each subgraph over graphql-ws (subgraphs added by a later reload are
    // reached over HTTP only until the gateway restarts)
    transportEntries: liveTransportEntries(subgraphNames()),
    graphqlEndpoint: "/graphql",
    landingPage: false,
    ...explorer(options.explorer),
    maskedErrors: { maskError },
    propagateHeaders: forwardIdentity,
    // a subscription to a subgraph is meant to stay open: the runtime's timeout would end it (and
    // the gateway would re-subscribe) every subgraphTimeoutMs; each event's entity fetches keep it
    upstreamTimeout: ({ executionRequest }) => (executionRequest?.operationType === "subscription" ? undefined : limits.subgraphTimeoutMs),
    persistedDocuments: trustedDocuments(callers.identityOf, registeredOnly),
    // a request a browser would send cross-site without a preflight (a GET, a form post) must
    // carry one of these headers; JSON posts are preflighted and pass
    csrfPrevention: { requestHeaders: ["x-graphql-csrf", "apollo-require-preflight"] },
    // the schema is public knowledge in development; in production callers use the documentation
    ...(schemaIsPublic ? {} : { disableIntrospection: {} }),
    plugins: (context) => [
      useAnonymousRateLimit(callers, addressLimiter, limits.trustedProxies),
      ...tracingPlugins(context.log),
      ...shapeLimitPlugins(limits),
      useExpandedFieldLimit(limits.maxFields),
      useNormalisedDocuments(),
      // nor does a mistyped field name list the schema's fields one by one
      ...(schemaIsPublic ? [] : [blockFieldSuggestionsPlugin({ mask: "" })]),
      useCostBudget(limits.maxCost),
      useCallerIdentity(callers, rateLimiter, partners),
      usePartnerOperations(),
      useNullDataOnFieldErrors(),
      useSseStreamBudget(streams),
      useResilientSubscriptions({ subgraphNames, partners }),
      // GET /metrics: requests, errors and latency per operation, and per subgraph
      useGatewayMetrics(context.log, registeredOperationNames()),
    ],
  });
  supergraph.onChange(() => runtime.invalidateUnifiedGraph());
  // plan-ready before listening: a supergraph the runtime cannot load stops start-up, readably
  try {
    await runtime.getSchema();
  } catch (error) {
    supergraph.close();
    await runtime.dispose();
    await closeLimiters();
    await closePartners();
    throw new SupergraphError(`The supergraph cannot be loaded: ${error instanceof Error ? error.message : String(error)}`);
  }
  let stopping = false;
  const ready = async (res: http.ServerResponse) => {
    if (stopping) return sendJson(res, 503, { status: "stopping" });
    const subgraphs = await subgraphStates(supergraph.current());
    const allUp = Object.values(subgraphs).every((s) => s.state === "up");
    sendJson(res, 200, { status: allUp ? "ready" : "degraded", subgraphs });
  };

  const screen = screenHandler("/graphql");
  const dashboard = dashboardHandler("/graphql");
  const download = downloadHandler({
    callers,
    rateLimiter,
    subgraphUrl: (name) => subgraphsOf(supergraph.current()).find((s) => s.name === name)?.url,
  });
  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    if (req.method === "GET" && path.startsWith("/screen/") && screen(path, res)) return;
    if (req.method === "GET" && path.startsWith("/dashboard") && dashboard(path, res)) return;
    if (req.method === "GET" && path === "/health") return sendJson(res, 200, { status: "ok", service: "gateway" });
    if (req.method === "GET" && path === "/ready") return void ready(res);
    if (req.method === "GET" && Object.hasOwn(DOWNLOADS, path)) return void download(req, res, path);
    void withinBodyLimit(req, res, limits.maxBodyBytes).then(
      (within) => void (within && runtime(req, res)),
      (error: unknown) => {
        log.warn({ err: error }, "a request body could not be read");
        if (!res.headersSent) sendJson(res, 400, { errors: [{ message: "The request body could not be read.", extensions: { code: "BAD_USER_INPUT" } }] });
      },
    );
  });
  const websocket = serveGatewayWebSocket({ server, runtime: runtime as never, identityOf: callers.identityOf, registeredOnly, limits, streams });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 4000, options.host ?? "127.0.0.1", resolve);
  }).catch(async (error: unknown) => {
    supergraph.close();
    await runtime.dispose();
    await closeLimiters();
    await closePartners();
    throw error;
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://localhost:${port}/graphql`;
  log.info({ url }, "gateway listening");
  return {
    url,
    port,
    async stop() {
      stopping = true;
      supergraph.close();
      await websocket.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.dispose();
      await closeLimiters();
      await closePartners();
    },
  };
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
