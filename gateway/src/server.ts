// The gateway: verifies the caller's token, plans each operation across the subgraphs and
// forwards the identity to them. Serves /graphql, /health (alive) and /ready (schema loaded).
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloGateway } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import {
  bearerToken,
  createUserTokenVerifier,
  payloadTooLarge,
  REQUEST_BODY_LIMIT,
  serviceLogger,
  unauthenticated,
  userTokenConfigFromEnv,
  type UserTokenConfig,
} from "@chapters/core";
import express from "express";
import { composeSupergraph, type SubgraphEndpoint } from "./compose.ts";
import { IdentityForwardingDataSource, type GatewayContext } from "./forward-identity.ts";
import { supergraphFromFile } from "./supergraph-file.ts";

const log = serviceLogger("gateway");

export interface GatewayOptions {
  port?: number;
  host?: string;
  /** compose in-process from these running subgraphs… */
  subgraphs?: SubgraphEndpoint[];
  /** …or load (and watch) a supergraph composed elsewhere */
  supergraphPath?: string;
  userTokens?: UserTokenConfig;
}

export interface RunningGateway {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const buildService = ({ name, url }: { name: string; url?: string }) => new IdentityForwardingDataSource(name, url!);
  let gateway: ApolloGateway;
  if (options.supergraphPath) {
    gateway = new ApolloGateway({ supergraphSdl: supergraphFromFile(options.supergraphPath), buildService });
  } else {
    if (!options.subgraphs?.length) throw new Error("The gateway needs subgraph URLs or SUPERGRAPH_PATH.");
    gateway = new ApolloGateway({ supergraphSdl: await composeSupergraph(options.subgraphs), buildService });
  }

  const verifyUserToken = createUserTokenVerifier(options.userTokens ?? userTokenConfigFromEnv());
  const apollo = new ApolloServer<GatewayContext>({ gateway, logger: log, includeStacktraceInErrorResponses: false });
  await apollo.start();
  let ready = true;

  const app = express();
  app.get("/health", (_req, res) => void res.json({ status: "ok", service: "gateway" }));
  app.get("/ready", (_req, res) => void res.status(ready ? 200 : 503).json({ status: ready ? "ready" : "stopping" }));
  app.use(
    "/graphql",
    express.json({ limit: REQUEST_BODY_LIMIT }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const token = bearerToken(req.headers.authorization);
        // Without a token nothing is readable: refuse before planning anything.
        if (!token) throw unauthenticated();
        const identity = await verifyUserToken(token);
        return { identity, requestId: (req.headers["x-request-id"] as string | undefined) ?? randomUUID() };
      },
    }),
  );

  app.use(payloadTooLarge);

  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 4000, options.host ?? "127.0.0.1", resolve);
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://localhost:${port}/graphql`;
  log.info({ url }, "gateway listening");
  return {
    url,
    port,
    async stop() {
      ready = false;
      await apollo.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
