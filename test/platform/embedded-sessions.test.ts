// The embedded database (PGlite behind pglite-socket) is ONE backend session shared by every client
// connection: the subgraph's pools, a test's own pg client, background keepers. pg sends a
// parameterised query as Parse/Bind/Describe/Execute/Sync on the unnamed statement. When a
// client's exchange reaches the server in two TCP chunks (load, large parameters), another
// client's Parse can land in between and replace the statement its Bind is meant for: "bind
// message supplies 3 parameters, but prepared statement requires 1". Each exchange must reach the
// backend whole. Embedded only: a PostgreSQL server gives each connection its own backend.
import { createSubgraphPool, startEmbeddedPostgres, type EmbeddedPostgres } from "@chapters/core";
import { connect, type Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";

let db: EmbeddedPostgres;
beforeAll(async () => {
  db = await startEmbeddedPostgres();
});
afterAll(async () => db?.close());

/** A front-end protocol message: type byte, int32 length, body (PostgreSQL docs, "Message Formats"). */
function message(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const length = Buffer.alloc(4);
  length.writeInt32BE(body.length + 4);
  return Buffer.concat([Buffer.from(type), length, body]);
}
const cstring = (text: string) => Buffer.from(`${text}\0`);
const int16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
const int32 = (n: number) => { const b = Buffer.alloc(4); b.writeInt32BE(n); return b; };

/** A raw session, so the test decides where the exchange is split across writes. */
async function rawSession(url: string): Promise<{ socket: Socket; received: () => string; waitFor: (marker: string) => Promise<void> }> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  let seen = Buffer.alloc(0);
  socket.on("data", (chunk) => { seen = Buffer.concat([seen, chunk]); });
  await new Promise((resolve) => socket.once("connect", resolve));
  const startup = Buffer.concat([int32(196608), cstring("user"), cstring("postgres"), cstring("database"), cstring("postgres"), Buffer.from([0])]);
  socket.write(Buffer.concat([int32(startup.length + 4), startup]));
  const waitFor = async (marker: string) => {
    for (let i = 0; i < 200 && !seen.includes(marker); i++) await sleep(25);
  };
  await waitFor("Z\0\0\0\x05"); // ReadyForQuery
  seen = Buffer.alloc(0);
  return { socket, received: () => seen.toString("latin1"), waitFor };
}

it("keeps a client's extended-protocol exchange whole while another client queries the one backend", async () => {
  const raw = await rawSession(db.url);
  const other = new pg.Client({ connectionString: db.url });
  await other.connect();
  try {
    // first half of a 3-parameter exchange: Parse only, as if the rest were still in flight
    raw.socket.write(message("P", cstring(""), cstring("SELECT $1::int + $2::int + $3::int AS total"), int16(0)));
    await sleep(200);
    // meanwhile another client runs a 1-parameter query on the same backend
    const otherQuery = other.query<{ doubled: number }>("SELECT $1::int * 2 AS doubled", [21]);
    await sleep(200);
    // the rest of the exchange: Bind (3 text parameters), Execute, Sync
    const params = ["1", "2", "3"].map((value) => Buffer.concat([int32(value.length), Buffer.from(value)]));
    raw.socket.write(Buffer.concat([
      message("B", cstring(""), cstring(""), int16(0), int16(3), ...params, int16(0)),
      message("E", cstring(""), int32(0)),
      message("S"),
    ]));
    await raw.waitFor("Z\0\0\0\x05");
    expect(raw.received()).not.toContain("bind message supplies");
    expect(raw.received()).toContain("\x00\x00\x00\x016"); // one column value "6" in the DataRow
    expect((await otherQuery).rows[0]!.doubled).toBe(42);
  } finally {
    raw.socket.destroy();
    await other.end();
  }
});

it("gives each connection its own name for a statement marked prepared, so two pools on the one backend do not collide", async () => {
  // the figure reads go out named (core's prepared.ts); on the one shared session a name chosen by
  // the statement alone would be prepared twice: "prepared statement … already exists"
  const pools = [createSubgraphPool(db.url, "public", { max: 1 }).pool, createSubgraphPool(db.url, "public", { max: 1 }).pool];
  const text = `SELECT $1::int + 1 AS n /* prepared: embedded-sessions-test */`;
  try {
    for (let i = 0; i < 3; i++) for (const pool of pools) expect((await pool.query({ text, values: [i] })).rows).toEqual([{ n: i + 1 }]);
    const other = new pg.Client({ connectionString: db.url });
    await other.connect();
    const names = (await other.query(`SELECT name FROM pg_prepared_statements WHERE name LIKE 'embedded-sessions-test%'`)).rows;
    await other.end();
    expect(names).toHaveLength(2);
  } finally {
    for (const pool of pools) await pool.end();
  }
});
