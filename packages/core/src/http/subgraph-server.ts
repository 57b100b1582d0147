// Serves one subgraph over HTTP: /graphql (Apollo Server), /health and /ready.
// Every request must carry the identity the gateway signed for this subgraph; a forged or
// foreign one is refused before any resolver runs.
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import http from "node:http";
import { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import type { GraphQLSchema } from "graphql";
import type { RequestContext } from "../context.ts";
import { INTERNAL_IDENTITY_HEADER, verifyInternalIdentity } from "../identity.ts";
import { serviceLogger } from "../logger.ts";

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
  ready?: () => Promise<boolean>;
  onStop?: () => Promise<void>;
}): Promise<RunningService> {
  const log = serviceLogger(options.name);
  const apollo = new ApolloServer<Ctx>({
    schema: options.schema,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    logger: log,
    // An unexpected failure (a bug, a database fault) is logged in full; the caller gets a
    // stable code and no SQL or stack details.
    formatError: (formatted, error) => {
      if (formatted.extensions?.code !== "INTERNAL_SERVER_ERROR") return formatted;
      log.error({ err: error, path: formatted.path }, "unexpected error");
      return { ...formatted, message: "Internal error: this part of the answer could not be computed. It has been logged; try again or report it." };
    },
  });
  await apollo.start();

  const app = express();
  app.get("/health", (_req, res) => void res.json({ status: "ok", service: options.name }));
  app.get("/ready", async (_req, res) => {
    const ok = options.ready ? await options.ready().catch(() => false) : true;
    res.status(ok ? 200 : 503).json({ status: ok ? "ready" : "not ready", service: options.name });
  });
  app.use(
    "/graphql",
    express.json({ limit: "2mb" }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const header = req.headers[INTERNAL_IDENTITY_HEADER];
        const token = Array.isArray(header) ? header[0] : header;
        const identity = token ? await verifyInternalIdentity(token, options.name) : null;
        const requestId = (req.headers["x-request-id"] as string | undefined) ?? randomUUID();
        return options.extendContext({ identity, requestId, memo: new Map() });
      },
    }),
  );

  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/graphql`;
  log.info({ url }, "subgraph listening");
  return {
    name: options.name,
    url,
    port,
    async stop() {
      await apollo.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await options.onStop?.();
    },
  };
}
