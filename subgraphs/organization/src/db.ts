import { connectSubgraphDatabase, type SubgraphDatabase } from "@chapters/core";
import { PrismaClient } from "./generated/prisma/client.ts";

export const SUBGRAPH = "organization";
export type OrgPrisma = PrismaClient;
export type OrgDatabase = SubgraphDatabase<OrgPrisma>;

export function connectOrganizationDatabase(url: string, options: { maxConnections?: number } = {}): OrgDatabase {
  return connectSubgraphDatabase(SUBGRAPH, url, (adapter) => new PrismaClient({ adapter }), options);
}
