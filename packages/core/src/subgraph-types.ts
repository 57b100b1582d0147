// The types every subgraph's Pothos builder is made with (builder.ts): a leaf, so what adds
// fields to any builder (audit/schema.ts) names them without importing the factory.
import type { RequestContext } from "./context.ts";

/** A subgraph's context: the shared request context plus its own Prisma client. */
export type SubgraphContext<Client> = RequestContext & { prisma: Client };

export interface SubgraphTypes<Ctx extends SubgraphContext<unknown>, PrismaTypes extends {}> {
  Context: Ctx;
  PrismaTypes: PrismaTypes;
  Scalars: { Date: { Input: Date; Output: Date }; Money: { Input: bigint; Output: bigint | number } };
  AuthScopes: { authenticated: boolean; writer: boolean };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}
