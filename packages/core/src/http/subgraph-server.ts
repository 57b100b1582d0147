// Serves one subgraph over HTTP: /graphql (Apollo Server), /health, /ready and its own GET routes
// (file downloads, with the same signed identity); its
// subscriptions over graphql-ws on the same port and path (the gateway's only way in to them).
// Every request must carry the identity the gateway signed for this subgraph; a forged or
// foreign one is refused before any resolver runs.
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import http from "node:http";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginInlineTrace } from "@apollo/server/plugin/inlineTrace";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import { GraphQLError, type GraphQLSchema } from "graphql";
import { personalDataReadAudit } from "../audit/reads.ts";
import { prepareAuditTargets } from "../audit/target.ts";
import type { RequestContext } from "../context.ts";
import { INTERNAL_IDENTITY_HEADER, verifyInternalIdentity } from "../auth/identity.ts";
import { serviceLogger } from "../logger.ts";
import { databaseFailureError } from "../db/failures.ts";
import { badInput, ErrorCode } from "../errors.ts";
import { serveGraphQLOverWebSocket } from "../live/ws-server.ts";
import { payloadTooLarge, REQUEST_BODY_LIMIT } from "./body-limit.ts";
import { inputBoundsPlugin } from "./input-bounds.ts";
import { traceRootResolvers, traceSubgraphRequests } from "../telemetry/subgraph.ts";

/** A plain HTTP route of a subgraph (a file download): it gets the request's context — the identity
 * the gateway signed for this subgraph, or null without one — as /graphql's resolvers do. */
export interface SubgraphRoute<Ctx> {
  path: string;
  handle(req: express.Request, res: express.Response, context: Ctx): Promise<void>;
}

export interface RunningService {
  name: string;
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function serveSubgraph<Ctx extends RequestContext>(options: {
  name: string;
  schema: GraphQLSchema;
  port?: number;
  /** adds the subgraph's own parts (its Prisma client) to the shared request context */
  extendContext: (base: RequestContext) => Ctx;
  /** resolves when the service can answer (its database replies); rejects with the reason */
  ready?: () => Promise<unknown>;
  /** the SQL statements its request pool has sent, served at /metrics (the benchmark divides
   * them by the requests it sent when the subgraph runs in a process of its own) */
  statements?: { count: number };
  /** GET routes besides /graphql (each checks its own caller, from the context) */
  routes?: SubgraphRoute<Ctx>[];
  onStop?: () => Promise<void>;
}): Promise<RunningService> {
  const log = serviceLogger(options.name);
  const apollo = new ApolloServer<Ctx>({
    schema: options.schema,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    logger: log,
    plugins: [
      traceRootResolvers(),
      inputBoundsPlugin(),
      requestLog(log),
      personalDataReadAudit<Ctx>(),
      // Timing traces reveal the shape of the work: only for operators who turn them on.
      process.env.SUBGRAPH_INLINE_TRACES === "true" ? ApolloServerPluginInlineTrace() : ApolloServerPluginInlineTraceDisabled(),
      // No HTTP caching of answers (each depends on the caller's slice); the default plugin would
      // still wrap every field's resolver to compute cache hints nobody reads.
      ApolloServerPluginCacheControlDisabled(),
    ],
    // A lost race or an absent database is explained with a stable code (CONFLICT,
    // SERVICE_UNAVAILABLE); any other unexpected failure (a bug) is logged in full, and the caller
    // gets a stable code and no SQL or stack details.
    formatError: (formatted, error) => {
      if (formatted.extensions?.code !== "INTERNAL_SERVER_ERROR") return formatted;
      const cause = unwrapResolverError(error);
      const explained =
        databaseFailureError(cause) ??
        // Pothos's own argument checks (e.g. a malformed cursor that slipped past checkPageArgs)
        (cause instanceof Error && cause.name === "PothosValidationError" ? badInput(cause.message) : null);
      if (explained) {
        log.warn({ reason: cause instanceof Error ? cause.message.trim().split("\n").pop() : String(cause), path: formatted.path, code: explained.extensions.code }, "request failed");
        return { message: explained.message, path: formatted.path, locations: formatted.locations, extensions: explained.extensions };
      }
      log.error({ err: error, path: formatted.path }, "unexpected error");
      return { ...formatted, message: "Internal error: this part of the answer could not be computed. It has been logged; try again or report it." };
    },
  });
  await apollo.start();
  // The audit trail's lookup of a mutation's target chapter reads the tables once per client; read
  // them now, so that no write pays for it (a failed read is retried at the first write).
  const { prisma } = options.extendContext({ identity: null, requestId: "start", memo: new Map() }) as { prisma?: unknown };
  if (prisma) await prepareAuditTargets(prisma as never).catch((error: unknown) => log.warn({ err: error }, "audit targets not read at start; the first write reads them"));

  const app = express();
  app.get("/health", (_req, res) => void res.json({ status: "ok", service: options.name }));
  app.get("/ready", async (_req, res) => {
    const problem = options.ready ? await options.ready().then(() => null, (error: unknown) => String((error as Error)?.message ?? error)) : null;
    res.status(problem ? 503 : 200).json({
      status: problem ? "not ready" : "ready",
      service: options.name,
      database: problem ? `unreachable: ${problem}` : "ok",
    });
  });
  app.get("/metrics", (_req, res) => {
    res.type("text/plain; version=0.0.4").send(
      "# HELP chapters_sql_statements_total SQL statements sent by the subgraph's request pool.\n" +
        "# TYPE chapters_sql_statements_total counter\n" +
        `chapters_sql_statements_total{subgraph="${options.name}"} ${options.statements?.count ?? 0}\n`,
    );
  });
  const requestContext = async (req: express.Request): Promise<Ctx> => {
    const header = req.headers[INTERNAL_IDENTITY_HEADER];
    const token = Array.isArray(header) ? header[0] : header;
    const identity = token ? await verifyInternalIdentity(token, options.name) : null;
    const requestId = (req.headers["x-request-id"] as string | undefined) ?? randomUUID();
    return options.extendContext({ identity, requestId, memo: new Map() });
  };
  for (const route of options.routes ?? []) {
    app.get(route.path, async (req, res) => {
      try {
        await route.handle(req, res, await requestContext(req));
      } catch (error) {
        // a refusal keeps its stable code and message; anything else is logged and said plainly
        const known = error instanceof GraphQLError && typeof error.extensions?.code === "string" && error.extensions.code !== "INTERNAL_SERVER_ERROR";
        if (!known) log.error({ err: error, path: route.path }, "unexpected error");
        const code = known ? String((error as GraphQLError).extensions.code) : "INTERNAL_SERVER_ERROR";
        const status = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, BAD_USER_INPUT: 400 }[code] ?? (known ? 409 : 500);
        const message = known ? (error as GraphQLError).message : "Internal error: the file could not be made. It has been logged; try again or report it.";
        const { http: _http, ...extensions } = known ? (error as GraphQLError).extensions : {};
        if (!res.headersSent) res.status(status).json({ errors: [{ message, extensions: { ...extensions, code } }] });
      }
    });
  }
  app.use(
    "/graphql",
    express.json({ limit: REQUEST_BODY_LIMIT }),
    traceSubgraphRequests(options.name),
    expressMiddleware(apollo, {
      context: async ({ req }) => requestContext(req),
    }),
  );

  app.use(payloadTooLarge);

  const server = http.createServer(app);
  // The gateway keeps connections to subgraphs open between requests: the server must not close
  // an idle one just as the gateway reuses it (a reset request), so it waits longer than any
  // client's idle timeout.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  // the socket carries the identity in its connection parameters (a WebSocket upgrade has no
  // headers a gateway can set per subscription), checked once when it opens
  const subscriptions = serveGraphQLOverWebSocket({
    server,
    path: "/graphql",
    schema: options.schema,
    context: async (params) => {
      const token = params[INTERNAL_IDENTITY_HEADER];
      if (typeof token !== "string") throw new Error("no identity");
      const identity = await verifyInternalIdentity(token, options.name);
      return options.extendContext({ identity, requestId: randomUUID(), memo: new Map() });
    },
    formatError: (error) => {
      const code = error.extensions?.code;
      if (typeof code === "string" && (Object.values(ErrorCode) as string[]).includes(code)) return error;
      log.error({ err: error.originalError ?? error, path: error.path }, "unexpected error in a subscription");
      return new GraphQLError("Internal error: this part of the answer could not be computed. It has been logged; try again or report it.", {
        path: error.path,
        extensions: { code: "INTERNAL_SERVER_ERROR" },
      });
    },
  });
  // loopback unless told otherwise: a container (compose.yaml) sets HOST=0.0.0.0 so the gateway
  // in another container reaches it
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, process.env.HOST ?? "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/graphql`;
  log.info({ url }, "subgraph listening");
  return {
    name: options.name,
    url,
    port,
    async stop() {
      await subscriptions.close();
      await apollo.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await options.onStop?.();
    },
  };
}

/** One log line per request carrying the gateway's x-request-id, so a caller's request can be
 * followed from the gateway's log into each subgraph's. */
function requestLog<Ctx extends RequestContext>(log: ReturnType<typeof serviceLogger>): ApolloServerPlugin<Ctx> {
  return {
    async requestDidStart({ contextValue, request }) {
      const started = Date.now();
      return {
        async willSendResponse({ errors }) {
          const codes = errors?.map((e) => String(e.extensions?.code ?? "INTERNAL_SERVER_ERROR"));
          log.info({ requestId: contextValue.requestId, operationName: request.operationName, ms: Date.now() - started, errors: codes }, "request");
        },
      };
    },
  };
}
