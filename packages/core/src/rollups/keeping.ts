// Keeping a domain's rollups in step with what its triggers cannot see: a first build, a bulk load
// (suspend, then one rebuild), and the tree replica's changes (invalidate in the replica's own
// transaction, rebuild once it has caught up). Every rebuild refreshes the restated mapping from
// core's one definition of where a chapter's history went (history.ts) before summing on it.
// What is summed, and how, is the domain's (a RollupKeeper): the generated rollups of spec.ts
// (generated.ts) and of deltas.ts share this orchestration.
import type pg from "pg";
import { historyDestinations } from "../replica/history.ts";
import { logger } from "../logger.ts";
import type { TransactionalClient } from "../db/sql.ts";
import { raw, sql, type Sql } from "../db/sql.ts";
import type { TreeTables } from "../replica/tables.ts";

export interface RollupDb {
  $queryRaw<T = unknown>(query: TemplateStringsArray | Sql, ...values: unknown[]): PromiseLike<T>;
  $executeRaw(query: TemplateStringsArray | Sql, ...values: unknown[]): PromiseLike<number>;
}

export type RollupClient = RollupDb & TransactionalClient<RollupDb>;

/** A domain's rollups, as their keeping sees them. */
export interface RollupKeeper {
  /** the subgraph's Postgres schema (the replica's hook runs on a connection of its own) */
  schema: string;
  /** the tree the rollups are summed on */
  tree: TreeTables;
  /** (id, dest): where each chapter's history went, for the restated view */
  destinations: string;
  /** the table whose rows say the subtree sums are valid: the replica's hook empties it */
  state: string;
  /** advisory lock key serialising rebuilds */
  rebuildLock: number;
  /** whether they answer for `today`: a rebuild with onlyIfStale then does nothing */
  current(db: RollupDb, today: Date): Promise<boolean>;
  /** sums them again, in the rebuild's transaction, once the destinations describe `today` */
  build(tx: RollupDb, today: Date): Promise<void>;
  /** stops keeping them (before a bulk load) until the next rebuild */
  suspend(db: RollupDb): Promise<void>;
}

const table = (name: string) => raw(`"${name}"`);

/** Rebuilds the rollups from the rows on the tree of `today`, under a lock: one rebuild at a time,
 * and one that waited for another may find nothing left to do (onlyIfStale). */
export async function rebuildRollups(client: RollupClient, keeper: RollupKeeper, options: { today: Date; onlyIfStale?: boolean }): Promise<{ rebuilt: boolean }> {
  const { today } = options;
  return client.$transaction(
    async (tx) => {
      await tx.$executeRaw(sql`SELECT pg_advisory_xact_lock(${keeper.rebuildLock}::bigint)`);
      if (options.onlyIfStale && (await keeper.current(tx, today))) return { rebuilt: false };
      // every row of the kept years is hashed and sorted: in memory, not in temporary files
      await tx.$executeRaw(sql`SET LOCAL work_mem = '512MB'`);
      // writers see the new mapping once this commits; the build takes the locks that keep
      // writers from adding to the rows it sums
      await tx.$executeRaw(sql`DELETE FROM ${table(keeper.destinations)}`);
      await tx.$executeRaw(sql`INSERT INTO ${table(keeper.destinations)} (id, dest) SELECT h.id, h.dest FROM ${historyDestinations(keeper.tree, today)} h`);
      await keeper.build(tx, today);
      return { rebuilt: true };
    },
    { timeout: 60 * 60_000, maxWait: 60_000 },
  );
}

/** A database opened for one piece of background work. */
export interface OwnConnection {
  prisma: RollupClient;
  close(): Promise<void>;
}

/** The tree replica's hooks (tree-replica.ts `derived`): each change applied invalidates the
 * rollups in the replica's transaction (readers then use the rows); after a catch-up one rebuild,
 * on a connection of its own (the serving pool's statements are the requests'). */
export function rollupsFollowTree(keeper: RollupKeeper, open: () => OwnConnection, today: () => Date) {
  const rebuild = async () => {
    const own = open();
    try {
      await rebuildRollups(own.prisma, keeper, { today: today(), onlyIfStale: true });
    } finally {
      await own.close();
    }
  };
  return {
    invalidate: async (client: pg.PoolClient) => {
      await client.query(`DELETE FROM "${keeper.schema}"."${keeper.state}"`);
    },
    rebuild,
    /** At start-up: when they do not answer for today (a new database, a bulk load, a new year),
     * one rebuild in the background; until it ends, readers compute the figures from the rows. */
    rebuildInBackgroundIfStale: async (db: RollupDb) => {
      if (await keeper.current(db, today())) return;
      void rebuild().catch((error: unknown) =>
        logger.error({ service: keeper.schema, err: error }, "figure rollups could not be rebuilt: figures are computed from the rows"),
      );
    },
  };
}
