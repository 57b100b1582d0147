// A domain subgraph's read-only copy of the organization's chapter tree, so its slice filters
// are one indexed join in its own database (no network hop per request). Fed by the
// organization's outbox: the pub/sub bus rings when there is something new; the replica then
// pulls every event after the last one it applied, in order, so a replica started late (or one
// that missed a message) catches up. Tables: TreeChapter, TreeClosure, TreeSuccession,
// TreeReplicaCursor, in the subgraph's own schema (see prisma/blood/schema.prisma).
import type pg from "pg";
import { resilientPool } from "../db/client.ts";
import { signInternalIdentity } from "../auth/identity.ts";
import { serviceLogger } from "../logger.ts";
import type { PubSub } from "../pubsub.ts";

export const TREE_CHANGED_TOPIC = "organization.tree.changed";

interface ReplicaPayload {
  descendants: string[];
  closure: [string, string, number, string, string | null][];
  chapters: [string, string][];
  successions: [string, string, string][];
}

export interface TreeReplica {
  /** applies every event not applied yet; resolves when the replica is up to date */
  catchUp(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTreeReplica(options: {
  databaseUrl: string;
  /** the subgraph's Postgres schema holding the replica tables */
  schema: string;
  /** the organization subgraph's GraphQL URL */
  organizationUrl: string;
  pubsub: PubSub;
  /** safety net when a bus message is lost; 0 disables it */
  pollMs?: number;
  /** what the subgraph keeps summed over the tree (its rollups): invalidated in the same
   * transaction as each change applied, rebuilt once after the changes of a catch-up */
  derived?: {
    invalidate(client: pg.PoolClient): Promise<void>;
    rebuild(): Promise<void>;
  };
}): Promise<TreeReplica> {
  const log = serviceLogger(`${options.schema}.tree-replica`);
  const table = (name: string) => `"${options.schema}"."${name}"`;
  const pool = resilientPool({ name: `${options.schema}.tree-replica`, connectionString: options.databaseUrl, max: 1 });

  async function fetchEvents(after: string): Promise<{ id: string; payload: string }[]> {
    const identity = await signInternalIdentity(
      { subject: `${options.schema}-tree-replica`, chapterCode: "TW", role: "SERVICE", grants: [] },
      "organization",
    );
    const response = await fetch(options.organizationUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "x-chapters-identity": identity },
      body: JSON.stringify({ query: "query($after: String) { treeEvents(after: $after, first: 200) { id payload } }", variables: { after } }),
    });
    const body = (await response.json()) as { data?: { treeEvents: { id: string; payload: string }[] }; errors?: { message: string }[] };
    if (!body.data) throw new Error(`organization refused the tree events: ${body.errors?.map((e) => e.message).join("; ")}`);
    return body.data.treeEvents;
  }

  async function cursor(): Promise<string> {
    const { rows } = await pool.query<{ lastEventId: string }>(`SELECT "lastEventId"::text AS "lastEventId" FROM ${table("TreeReplicaCursor")} WHERE id = 1`);
    return rows[0]?.lastEventId ?? "0";
  }

  async function apply(id: string, replica: ReplicaPayload | undefined): Promise<void> {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      if (replica) {
        await options.derived?.invalidate(client);
        // replace every closure row of the reshaped chapters with the organization's
        await client.query(`DELETE FROM ${table("TreeClosure")} WHERE "descendantId" = ANY($1::uuid[])`, [replica.descendants]);
        if (replica.closure.length) {
          const column = (i: number) => replica.closure.map((row) => row[i]);
          await client.query(
            `INSERT INTO ${table("TreeClosure")} ("ancestorId", "descendantId", depth, "validFrom", "validTo")
             SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::date[], $5::date[])`,
            [column(0), column(1), column(2), column(3), column(4)],
          );
        }
        if (replica.chapters.length) {
          await client.query(
            `INSERT INTO ${table("TreeChapter")} (id, code) SELECT * FROM unnest($1::uuid[], $2::text[])
             ON CONFLICT (id) DO UPDATE SET code = EXCLUDED.code`,
            [replica.chapters.map((c) => c[0]), replica.chapters.map((c) => c[1])],
          );
        }
        if (replica.successions.length) {
          await client.query(
            `INSERT INTO ${table("TreeSuccession")} ("predecessorId", "successorId", kind)
             SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[]) ON CONFLICT DO NOTHING`,
            [replica.successions.map((s) => s[0]), replica.successions.map((s) => s[1]), replica.successions.map((s) => s[2])],
          );
        }
      }
      await client.query(
        `INSERT INTO ${table("TreeReplicaCursor")} (id, "lastEventId") VALUES (1, $1)
         ON CONFLICT (id) DO UPDATE SET "lastEventId" = EXCLUDED."lastEventId"`,
        [id],
      );
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async function drain(): Promise<void> {
    let after = await cursor();
    let reshaped = false;
    for (;;) {
      const events = await fetchEvents(after);
      for (const event of events) {
        const replica = (JSON.parse(event.payload) as { replica?: ReplicaPayload }).replica;
        await apply(event.id, replica);
        reshaped ||= Boolean(replica);
        after = event.id;
      }
      if (events.length < 200) break;
    }
    if (reshaped) await options.derived?.rebuild();
  }

  // one drain at a time; a request arriving during a drain gets a fresh drain after it
  let running: Promise<void> | null = null;
  let again = false;
  const catchUp = (): Promise<void> => {
    if (running) {
      again = true;
      return running.then(() => (running ? running : catchUp()));
    }
    running = drain().finally(() => {
      running = null;
      if (again) {
        again = false;
        void catchUp().catch((error: unknown) => log.warn({ err: error }, "tree replica catch-up failed; will retry"));
      }
    });
    return running;
  };

  const unsubscribe = await options.pubsub.subscribe(TREE_CHANGED_TOPIC, () => {
    catchUp().catch((error: unknown) => log.warn({ err: error }, "tree replica catch-up failed; will retry"));
  });
  const timer = options.pollMs === 0 ? null : setInterval(() => void catchUp().catch(() => undefined), options.pollMs ?? 30_000);
  timer?.unref();

  return {
    catchUp,
    async stop() {
      if (timer) clearInterval(timer);
      await unsubscribe();
      await running?.catch(() => undefined);
      await pool.end();
    },
  };
}
