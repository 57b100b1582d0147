// graphql-ws at the gateway's /graphql, for screens and dashboards (EM-LIVE; docs/live-and-screens.md). A browser cannot
// set headers on a WebSocket, so the token travels in the connection parameters
// (`{ authorization: "Bearer …" }`); it is checked when the socket opens (a bad one closes it,
// 4403) and becomes the Authorization header of the request the runtime sees, so identity,
// trusted documents and rate limits apply exactly as over HTTP. Heartbeats drop dead sockets.
//
// Bounds (docs/security.md): a message is at most MAX_SOCKET_MESSAGE_BYTES (ws refuses a larger
// frame before buffering it, close 1009); until the socket is acknowledged, at most
// MAX_SOCKET_INIT_BYTES (a connection_init carries a token, not megabytes: close 1009 too);
// a caller (token subject) holds at most MAX_SOCKETS_PER_CALLER sockets (close 4429) and
// MAX_SUBSCRIPTIONS_PER_CALLER subscriptions, counted with its SSE streams in one budget
// (stream-budget.ts; TOO_MANY_STREAMS for the one past it). A
// subscription the runtime refuses (an unknown registered id, a bad document) ends with an error
// message for that subscription alone; the socket and its other streams stay open.
import type http from "node:http";
import { GraphQLError } from "graphql";
import { getGraphQLWSOptions, type GatewayRuntime } from "@graphql-hive/gateway-runtime";
import { useServer } from "graphql-ws/use/ws";
import { WebSocket, WebSocketServer } from "ws";
import { serviceLogger, type Role } from "@chapters/core";
import { GatewayErrorCode } from "../errors.ts";
import type { IdentityOf } from "../identity.ts";
import type { Limits } from "../limits.ts";
import type { StreamBudget } from "./stream-budget.ts";

const log = serviceLogger("gateway");

export interface GatewayWebSocketOptions {
  server: http.Server;
  runtime: GatewayRuntime<Record<string, unknown>>;
  identityOf: IdentityOf;
  registeredOnly: readonly Role[];
  limits: Pick<Limits, "maxSocketMessageBytes" | "maxSocketInitBytes" | "maxSocketsPerCaller">;
  /** the callers' subscriptions, shared with SSE */
  streams: StreamBudget;
  path?: string;
  keepAliveMs?: number;
}

/** WebSocket close codes the gateway uses besides graphql-ws's own. */
export const SocketCloseCode = {
  /** RFC 6455: a message larger than allowed */
  MESSAGE_TOO_BIG: 1009,
  /** the caller holds MAX_SOCKETS_PER_CALLER sockets already */
  TOO_MANY_SOCKETS: 4429,
} as const;

function requestFor(params: Readonly<Record<string, unknown>> | undefined, upgrade: http.IncomingMessage): Request {
  const authorization = typeof params?.authorization === "string" ? params.authorization : "";
  return new Request(`http://${upgrade.headers.host ?? "localhost"}${upgrade.url ?? "/graphql"}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}), "x-request-id": crypto.randomUUID() },
  });
}

const plain = (error: GraphQLError) => (typeof error.toJSON === "function" ? error.toJSON() : error);

const sizeOf = (data: unknown) =>
  Buffer.isBuffer(data) ? data.length : Array.isArray(data) ? data.reduce((n: number, part: Buffer) => n + part.length, 0) : data instanceof ArrayBuffer ? data.byteLength : 0;

/** Until `acknowledged(socket)`, a message over `maxBytes` closes the socket before anyone parses it. */
function limitUntilAcknowledged(socket: WebSocket, maxBytes: number, acknowledged: (socket: WebSocket) => boolean): void {
  const emit = socket.emit.bind(socket);
  socket.emit = ((event: string, ...args: unknown[]) => {
    // a frame over maxPayload: ws closes the socket with 1009 itself; graphql-ws would print a
    // stack trace for it as an internal error, while it is the caller's
    if (event === "error" && (args[0] as { code?: string } | undefined)?.code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH") return true;
    if (event === "message" && !acknowledged(socket) && sizeOf(args[0]) > maxBytes) {
      socket.close(SocketCloseCode.MESSAGE_TOO_BIG, `connection_init too large: at most ${maxBytes} bytes`);
      return false;
    }
    return emit(event, ...args);
  }) as typeof socket.emit;
}

/** A refusal of one subscription as graphql-ws sends it: the caller's error with its stable code,
 * anything else as a bare internal error (logged without the caller's input). */
function subscriptionRefused(error: unknown): GraphQLError[] {
  const code = (error as { extensions?: { code?: unknown } } | null)?.extensions?.code;
  if (typeof code === "string" && code !== "INTERNAL_SERVER_ERROR") {
    return [new GraphQLError((error as Error).message, { extensions: { code } })];
  }
  log.error({ err: error }, "a subscription could not be started");
  return [new GraphQLError("Internal error: this subscription could not be started. It has been logged; try again or report it.", { extensions: { code: "INTERNAL_SERVER_ERROR" } })];
}

export function serveGatewayWebSocket(options: GatewayWebSocketOptions): { clients(): number; close(): Promise<void> } {
  const { limits } = options;
  const wss = new WebSocketServer({ server: options.server, path: options.path ?? "/graphql", maxPayload: limits.maxSocketMessageBytes });
  const requests = new WeakMap<object, Request>();
  const acknowledged = new WeakSet<WebSocket>();
  /** open sockets per caller (subject); subscriptions are counted in options.streams */
  const sockets = new Map<string, number>();
  const subjectOf = new WeakMap<object, string>();
  const openIds = new WeakMap<object, Set<string>>();
  const add = (counts: Map<string, number>, subject: string, by: number) => {
    const next = (counts.get(subject) ?? 0) + by;
    if (next > 0) counts.set(subject, next);
    else counts.delete(subject);
  };
  const release = (ctx: object, id: string) => {
    const subject = subjectOf.get(ctx);
    if (subject && openIds.get(ctx)?.delete(id)) options.streams.release(subject);
  };

  // registered before graphql-ws's own listener, so the limit applies before its parser
  wss.on("connection", (socket: WebSocket) => limitUntilAcknowledged(socket, limits.maxSocketInitBytes, (s) => acknowledged.has(s)));
  const runtimeOptions = getGraphQLWSOptions(options.runtime, (ctx) => ({ request: requests.get(ctx)! }));
  // the runtime resolves a registered id (and refuses an unknown one) when it runs the operation:
  // a refusal thrown there would close the socket (4500), so it becomes this operation's answer
  const answered =
    (run: NonNullable<typeof runtimeOptions.execute>): NonNullable<typeof runtimeOptions.execute> =>
    async (args) => {
      try {
        return await run(args);
      } catch (error) {
        return { errors: subscriptionRefused(error) };
      }
    };
  const disposable = useServer(
    {
      ...runtimeOptions,
      execute: answered(runtimeOptions.execute!),
      subscribe: answered(runtimeOptions.subscribe!),
      async onConnect(ctx) {
        const request = requestFor(ctx.connectionParams, ctx.extra.request);
        const identity = await options.identityOf(request).catch(() => null);
        if (!identity) return false;
        const socket = ctx.extra.socket as WebSocket;
        if ((sockets.get(identity.subject) ?? 0) >= limits.maxSocketsPerCaller) {
          socket.close(SocketCloseCode.TOO_MANY_SOCKETS, `Too many open connections: at most ${limits.maxSocketsPerCaller} per caller`);
          return false;
        }
        add(sockets, identity.subject, 1);
        subjectOf.set(ctx, identity.subject);
        openIds.set(ctx, new Set());
        socket.once("close", () => {
          add(sockets, identity.subject, -1);
          for (const id of [...(openIds.get(ctx) ?? [])]) release(ctx, id);
        });
        requests.set(ctx, request);
        acknowledged.add(socket);
        return true;
      },
      // errors relayed from a subgraph's socket are plain objects, not GraphQLErrors
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: result.errors.map(plain) } : undefined),
      onError: (_ctx, _id, _payload, errors) => errors.map(plain),
      onComplete: (ctx, id) => release(ctx, id),
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
        const subject = subjectOf.get(ctx);
        if (subject && !options.streams.take(subject)) return [options.streams.refusal()];
        let started: Awaited<ReturnType<NonNullable<typeof runtimeOptions.onSubscribe>>>;
        try {
          started = await runtimeOptions.onSubscribe!(ctx, id, payload);
        } catch (error) {
          if (subject) options.streams.release(subject);
          return subscriptionRefused(error);
        }
        if (subject) {
          if (Array.isArray(started)) options.streams.release(subject);
          else openIds.get(ctx)?.add(id);
        }
        return started;
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
