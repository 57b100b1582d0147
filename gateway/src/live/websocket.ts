// graphql-ws at the gateway's /graphql, for screens and dashboards (EM-LIVE; docs/live-and-screens.md). A browser cannot
// set headers on a WebSocket, so the token travels in the connection parameters
// (`{ authorization: "Bearer …" }`); it is checked when the socket opens (a bad one closes it,
// 4403) and becomes the Authorization header of the request the runtime sees, so identity,
// trusted documents and rate limits apply exactly as over HTTP. Heartbeats drop dead sockets.
import type http from "node:http";
import { GraphQLError } from "graphql";
import { getGraphQLWSOptions, type GatewayRuntime } from "@graphql-hive/gateway-runtime";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import type { Role } from "@chapters/core";
import { GatewayErrorCode } from "../errors.ts";
import type { IdentityOf } from "../identity.ts";

export interface GatewayWebSocketOptions {
  server: http.Server;
  runtime: GatewayRuntime<Record<string, unknown>>;
  identityOf: IdentityOf;
  registeredOnly: readonly Role[];
  path?: string;
  keepAliveMs?: number;
}

function requestFor(params: Readonly<Record<string, unknown>> | undefined, upgrade: http.IncomingMessage): Request {
  const authorization = typeof params?.authorization === "string" ? params.authorization : "";
  return new Request(`http://${upgrade.headers.host ?? "localhost"}${upgrade.url ?? "/graphql"}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}), "x-request-id": crypto.randomUUID() },
  });
}

const plain = (error: GraphQLError) => (typeof error.toJSON === "function" ? error.toJSON() : error);

export function serveGatewayWebSocket(options: GatewayWebSocketOptions): { clients(): number; close(): Promise<void> } {
  const wss = new WebSocketServer({ server: options.server, path: options.path ?? "/graphql" });
  const requests = new WeakMap<object, Request>();
  const runtimeOptions = getGraphQLWSOptions(options.runtime, (ctx) => ({ request: requests.get(ctx)! }));
  const disposable = useServer(
    {
      ...runtimeOptions,
      async onConnect(ctx) {
        const request = requestFor(ctx.connectionParams, ctx.extra.request);
        const identity = await options.identityOf(request).catch(() => null);
        if (!identity) return false;
        requests.set(ctx, request);
        return true;
      },
      // errors relayed from a subgraph's socket are plain objects, not GraphQLErrors
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: result.errors.map(plain) } : undefined),
      onError: (_ctx, _id, _payload, errors) => errors.map(plain),
      // the runtime refuses an unregistered document from a SCREEN or PARTNER by closing the
      // whole socket; refuse that one operation instead, with the same code as over HTTP
      async onSubscribe(ctx, id, payload) {
        const identity = await options.identityOf(requests.get(ctx)!).catch(() => null);
        const registered = Boolean(payload.extensions?.persistedQuery || (payload as { documentId?: string }).documentId);
        if (identity && options.registeredOnly.includes(identity.role) && !registered) {
          return [
            new GraphQLError("Your role may run only the registered operations: send the operation's id (extensions.persistedQuery.sha256Hash or documentId), not its text.", {
              extensions: { code: GatewayErrorCode.PERSISTED_ONLY },
            }),
          ];
        }
        return runtimeOptions.onSubscribe!(ctx, id, payload);
      },
    },
    wss,
    options.keepAliveMs ?? 12_000,
  );
  return {
    clients: () => wss.clients.size,
    async close() {
      for (const socket of wss.clients) socket.terminate();
      await disposable.dispose();
    },
  };
}
