// Live-subscription helpers for tests: real graphql-ws and graphql-sse clients against the
// gateway, each collecting what arrives so a test can wait for a condition (never for a time).
import { createClient as createSseClient } from "graphql-sse";
import { createClient as createWsClient, type Client } from "graphql-ws";
import { readManifest } from "@chapters/gateway";
import WebSocket from "ws";

export interface Received<T = any> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export interface LiveSubscription<T = any> {
  events: Received<T>[];
  /** resolves when the stream completed (or failed) */
  ended: Promise<void>;
  /** the first event (since the subscription began) for which `test` holds */
  waitFor(test: (event: Received<T>) => boolean, timeoutMs?: number): Promise<Received<T>>;
  close(): Promise<void>;
}

export interface Request {
  query?: string;
  variables?: Record<string, unknown>;
  extensions?: Record<string, unknown>;
}

/** Polls a condition until it holds: robust on a loaded machine, unlike a fixed sleep. */
export async function eventually<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 30_000): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function collector<T>(): Omit<LiveSubscription<T>, "close"> & { push(e: Received<T>): void; end(): void } {
  const events: Received<T>[] = [];
  let end!: () => void;
  const ended = new Promise<void>((resolve) => (end = resolve));
  let done = false;
  return {
    events,
    ended,
    push: (e) => void events.push(e),
    end: () => {
      done = true;
      end();
    },
    waitFor: (test, timeoutMs = 30_000) =>
      eventually(() => events.find(test) ?? (done ? Promise.reject(new Error(`stream ended; got ${JSON.stringify(events)}`)) : null), "a live event", timeoutMs),
  };
}

/** A graphql-ws connection to the gateway; `token` goes in the connection parameters. */
export function wsClient(url: string, token: string | null, options: { retryAttempts?: number } = {}): Client {
  return createWsClient({
    url: url.replace(/^http/, "ws"),
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: options.retryAttempts ?? 0,
    lazy: true,
  });
}

export function subscribeWs<T = any>(client: Client, request: Request): LiveSubscription<T> {
  const c = collector<T>();
  const dispose = client.subscribe(request as never, {
    next: (value) => c.push(value as Received<T>),
    error: (error) => {
      // GraphQL errors refusing the operation, or the socket closing (its close code)
      if (Array.isArray(error)) c.push({ errors: error });
      else c.push({ errors: [{ message: String((error as { reason?: string })?.reason ?? error), extensions: { code: `SOCKET_${(error as { code?: number })?.code ?? "ERROR"}` } }] });
      c.end();
    },
    complete: () => c.end(),
  });
  return { ...c, close: async () => dispose() };
}

/** A graphql-sse (distinct connections) subscription: POST with Accept: text/event-stream. */
export function subscribeSse<T = any>(url: string, token: string, request: Request): LiveSubscription<T> {
  const client = createSseClient({ url, headers: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
  const c = collector<T>();
  const dispose = client.subscribe(request as never, {
    next: (value) => c.push(value as Received<T>),
    error: (error) => {
      c.push({ errors: [{ message: String((error as Error)?.message ?? error) }] });
      c.end();
    },
    complete: () => c.end(),
  });
  return {
    ...c,
    close: async () => {
      dispose();
      client.dispose();
    },
  };
}

/** A registered (persisted) operation by its id, as a screen sends it; graphql-ws needs a
 * `query` string, so it is empty. */
export function registeredOperation(name: string, variables: Record<string, unknown>): Request {
  const manifest = readManifest();
  const id = [...manifest].find(([, body]) => new RegExp(`^subscription ${name}\\b|^query ${name}\\b`).test(body))?.[0];
  if (!id) throw new Error(`${name} is not registered in gateway/persisted`);
  return { query: "", variables, extensions: { persistedQuery: { version: 1, sha256Hash: id } } };
}

/** The sockets and streams a test file opens, closed together in its afterAll. */
export function liveTracker() {
  const clients: Client[] = [];
  const streams: LiveSubscription[] = [];
  return {
    open(url: string, token: string | null): Client {
      const client = wsClient(url, token);
      clients.push(client);
      return client;
    },
    track<T>(stream: LiveSubscription<T>): LiveSubscription<T> {
      streams.push(stream);
      return stream;
    },
    async closeAll(): Promise<void> {
      for (const s of streams) await s.close();
      for (const c of clients) await c.dispose();
    },
  };
}
