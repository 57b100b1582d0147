// GraphQL over WebSocket (graphql-ws protocol) beside a service's HTTP endpoint, for
// subscriptions. Heartbeats (WebSocket pings; a client that misses a pong is dropped) find dead
// connections. Each event is executed with a fresh copy of the subscription's context, so
// per-request loaders do not serve a figure cached from an earlier event.
import type http from "node:http";
import { createSourceEventStream, execute, GraphQLError, type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";

export interface GraphQLWebSocketOptions<Ctx extends object> {
  server: http.Server;
  path: string;
  schema: GraphQLSchema;
  /** the subscription's context from the connection's parameters; throwing refuses the connection */
  context(connectionParams: Readonly<Record<string, unknown>>, request: http.IncomingMessage): Promise<Ctx>;
  /** what a client sees of an error raised while executing an event */
  formatError?(error: GraphQLError): GraphQLError;
  /** ping interval; a client silent for as long again is dropped (default 12 s) */
  keepAliveMs?: number;
}

export interface GraphQLWebSocketServer {
  /** open client sockets */
  clients(): number;
  close(): Promise<void>;
}

/** Maps each item of a stream, releasing the source as soon as the mapped stream is closed. */
export function mapStream<T, R>(source: AsyncIterator<T>, map: (item: T) => Promise<R> | R): AsyncIterableIterator<R> {
  const mapped: AsyncIterableIterator<R> = {
    async next() {
      const item = await source.next();
      if (item.done) return { value: undefined, done: true };
      return { value: await map(item.value), done: false };
    },
    async return() {
      await source.return?.();
      return { value: undefined, done: true };
    },
    async throw(error?: unknown) {
      await source.return?.();
      throw error;
    },
    [Symbol.asyncIterator]: () => mapped,
  };
  return mapped;
}

function isAsyncIterable(value: unknown): value is AsyncIterableIterator<unknown> {
  return typeof value === "object" && value !== null && Symbol.asyncIterator in value;
}

async function subscribeWithFreshContexts(args: ExecutionArgs) {
  const source = await createSourceEventStream(args);
  if (!isAsyncIterable(source)) return source as ExecutionResult;
  const base = args.contextValue as object;
  return mapStream(source, (payload) => execute({ ...args, rootValue: payload, contextValue: { ...base } }) as Promise<ExecutionResult>);
}

export function serveGraphQLOverWebSocket<Ctx extends object>(options: GraphQLWebSocketOptions<Ctx>): GraphQLWebSocketServer {
  const wss = new WebSocketServer({ server: options.server, path: options.path });
  const contexts = new WeakMap<object, Ctx>();
  // errors may arrive already formatted (plain objects): format only what is a GraphQLError
  const format = (error: GraphQLError) => {
    const shown = error instanceof GraphQLError && options.formatError ? options.formatError(error) : error;
    return typeof shown.toJSON === "function" ? shown.toJSON() : shown;
  };
  const disposable = useServer(
    {
      schema: options.schema,
      async onConnect(ctx) {
        try {
          contexts.set(ctx, await options.context(ctx.connectionParams ?? {}, ctx.extra.request));
          return true;
        } catch {
          return false; // closes with 4403 Forbidden
        }
      },
      context: (ctx) => contexts.get(ctx) as Ctx,
      subscribe: subscribeWithFreshContexts,
      onNext: (_ctx, _id, _payload, _args, result) => {
        if (!result.errors?.length) return;
        return { ...result, errors: result.errors.map(format) };
      },
      onError: (_ctx, _id, _payload, errors) => errors.map(format),
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
