import { connectSubgraphDatabase, type SubgraphDatabase } from "@chapters/core";
import { PrismaClient } from "./generated/prisma/client.ts";

export const SUBGRAPH = "blood";
export type BloodPrisma = PrismaClient;
export type { Prisma } from "./generated/prisma/client.ts";
export type BloodDatabase = SubgraphDatabase<BloodPrisma>;

export function connectBloodDatabase(url: string, options: { maxConnections?: number } = {}): BloodDatabase {
  return connectSubgraphDatabase(SUBGRAPH, url, (adapter) => new PrismaClient({ adapter }), options);
}
