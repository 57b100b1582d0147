import { createSubgraphPool, type StatementCounter } from "@chapters/core";
import { PrismaClient } from "./generated/prisma/client.ts";

export const SUBGRAPH = "blood";
export type BloodPrisma = PrismaClient;
export type { Prisma } from "./generated/prisma/client.ts";

export interface BloodDatabase {
  prisma: BloodPrisma;
  statements: StatementCounter;
  close(): Promise<void>;
}

export function connectBloodDatabase(url: string, options: { maxConnections?: number } = {}): BloodDatabase {
  const { adapter, pool, statements } = createSubgraphPool(url, SUBGRAPH, { max: options.maxConnections });
  const prisma = new PrismaClient({ adapter });
  return {
    prisma,
    statements,
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
