import { createSubgraphPool, type StatementCounter } from "@chapters/core";
import { PrismaClient } from "./generated/prisma/client.ts";

export const SUBGRAPH = "organization";
export type OrgPrisma = PrismaClient;

export interface OrgDatabase {
  prisma: OrgPrisma;
  statements: StatementCounter;
  close(): Promise<void>;
}

export function connectOrganizationDatabase(url: string, options: { maxConnections?: number } = {}): OrgDatabase {
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
