// The embedded default: PostgreSQL compiled to WebAssembly (PGlite), served over TCP on a free
// loopback port, so the exact same code (adapter-pg, `prisma migrate deploy`) runs against it.
// One PGlite instance per subgraph: one PGlite backend is one database session.
import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export interface EmbeddedPostgres {
  url: string;
  close(): Promise<void>;
}

/** dataDir undefined = in memory (tests); otherwise the folder that keeps the data between runs.
 * searchPath: the subgraph's schema; every client connection shares the one PGlite session. */
export async function startEmbeddedPostgres(options: { dataDir?: string; searchPath?: string } = {}): Promise<EmbeddedPostgres> {
  const { dataDir, searchPath } = options;
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir ? { dataDir } : {});
  if (searchPath) await db.exec(`SET search_path TO "${searchPath}", public`);
  // Several client connections are fine: the server queues their queries onto the single
  // backend and keeps an open transaction's statements together.
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 16 });
  await server.start();
  return {
    url: `postgresql://postgres:postgres@${server.getServerConn()}/postgres`,
    async close() {
      await server.stop();
      await db.close();
    },
  };
}
