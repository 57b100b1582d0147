// The embedded default: PostgreSQL compiled to WebAssembly (PGlite), served over TCP on a free
// loopback port, so the exact same code (adapter-pg, `prisma migrate deploy`) runs against it.
// One PGlite instance per subgraph: one PGlite backend is one database session.
import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export interface EmbeddedPostgres {
  url: string;
  /** the whole data directory as a tarball, for `load` (take it while nothing is writing) */
  dump(): Promise<Blob>;
  close(): Promise<void>;
}

/** dataDir undefined = in memory (tests); otherwise the folder that keeps the data between runs.
 * searchPath: the subgraph's schema; every client connection shares the one PGlite session. */
export async function startEmbeddedPostgres(
  options: { dataDir?: string; searchPath?: string; load?: Blob } = {},
): Promise<EmbeddedPostgres> {
  const { dataDir, searchPath, load } = options;
  if (dataDir) await mkdir(dataDir, { recursive: true });
  // starting from a dump skips initdb, the slowest part of a new PGlite (the tests' snapshots)
  const db = await PGlite.create({ ...(dataDir ? { dataDir } : {}), ...(load ? { loadDataDir: load } : {}) });
  if (searchPath) await db.exec(`SET search_path TO "${searchPath}", public`);
  // Several client connections share the single backend: the server queues their messages and
  // keeps an open transaction's statements together, but not an extended-protocol exchange
  // outside a transaction — see holdExchangesTogether.
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 16 });
  holdExchangesTogether(server, db);
  await server.start();
  return {
    url: `postgresql://postgres:postgres@${server.getServerConn()}/postgres`,
    dump: () => db.dumpDataDir("none"),
    async close() {
      await server.stop();
      await db.close();
    },
  };
}

/** Front-end message types of the extended query protocol that leave an exchange open until Sync
 * (PostgreSQL docs, "Message Formats"): Parse, Bind, Describe, Execute, Close, Flush. */
const OPENS_EXCHANGE = new Set(["P", "B", "D", "E", "C", "H"].map((type) => type.charCodeAt(0)));
const SYNC = "S".charCodeAt(0);
const SIMPLE_QUERY = "Q".charCodeAt(0);

interface QueryQueue {
  db: PGlite;
}

/** pglite-socket queues each client's messages one by one onto the single backend and only keeps
 * a client's messages together while a transaction is open. pg sends every parameterised query as
 * Parse/Bind/Describe/Execute/Sync on the unnamed statement, so another client's Parse landing in
 * between replaces the statement the Bind is meant for ("bind message supplies 3 parameters, but
 * prepared statement requires 1"). The queue asks `db.isInTransaction()` whether to stay with the
 * last client: answering yes from the first extended-protocol message until its Sync keeps each
 * exchange whole, whichever clients (pools, tests' own clients, keepers) are connected. */
function holdExchangesTogether(server: PGLiteSocketServer, db: PGlite): void {
  const queue = (server as unknown as { queryQueue?: QueryQueue }).queryQueue;
  if (!queue || queue.db !== db) throw new Error("pglite-socket's query queue changed shape: re-check holdExchangesTogether against the new version");
  let exchangeOpen = false;
  queue.db = new Proxy(db, {
    get(target, property) {
      if (property === "isInTransaction") return () => exchangeOpen || target.isInTransaction();
      if (property === "execProtocolRawStream") {
        return (message: Uint8Array, options: Parameters<PGlite["execProtocolRawStream"]>[1]) => {
          const type = message[0];
          if (type !== undefined && OPENS_EXCHANGE.has(type)) exchangeOpen = true;
          else if (type === SYNC || type === SIMPLE_QUERY) exchangeOpen = false;
          return target.execProtocolRawStream(message, options);
        };
      }
      if (property === "exec") {
        // the queue's only exec is the ROLLBACK after the client holding the backend disconnected:
        // its exchange ends with it
        return (...args: Parameters<PGlite["exec"]>) => {
          exchangeOpen = false;
          return target.exec(...args);
        };
      }
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
