// The one Pothos builder factory shared by every subgraph: federation, Prisma, DataLoader,
// scope-auth, relay-style pagination and the audit trail, configured once.
import SchemaBuilder from "@pothos/core";
import DataloaderPlugin from "@pothos/plugin-dataloader";
import DirectivesPlugin from "@pothos/plugin-directives";
import FederationPlugin from "@pothos/plugin-federation";
import PrismaPlugin from "@pothos/plugin-prisma";
import RelayPlugin from "@pothos/plugin-relay";
import ScopeAuthPlugin from "@pothos/plugin-scope-auth";
import AuditPlugin from "./audit/mutations.ts";
import { addAuditLogField } from "./audit/schema.ts";
import { forbidden, unauthenticated } from "./errors.ts";
import { DateScalar, MoneyScalar } from "./scalars.ts";
import { canWrite } from "./auth/roles.ts";
import type { TreeTables } from "./replica/tables.ts";
import type { SubgraphContext, SubgraphTypes } from "./subgraph-types.ts";

export function createSubgraphBuilder<Ctx extends SubgraphContext<unknown>, PrismaTypes extends {}>(options: {
  dmmf: { datamodel: unknown };
  /** the subgraph's audit log: its root field (e.g. "bloodAuditLog") and the tree tables its slice is read from */
  auditLog: { field: string; tables: TreeTables };
}) {
  const builder = new SchemaBuilder<SubgraphTypes<Ctx, PrismaTypes>>({
    // audit first: it wraps every other plugin, so a refusal by scope-auth is recorded too
    plugins: [AuditPlugin, ScopeAuthPlugin, PrismaPlugin, RelayPlugin, DataloaderPlugin, DirectivesPlugin, FederationPlugin],
    defaultFieldNullability: false,
    scopeAuth: {
      authScopes: (ctx) => ({
        authenticated: ctx.identity !== null,
        writer: ctx.identity !== null && canWrite(ctx.identity.role),
      }),
      unauthorizedError: (_parent, ctx) =>
        ctx.identity
          ? forbidden("Your role may not do this: changes need an OFFICER or ADMIN of the chapter or of a chapter above it.")
          : unauthenticated(),
    },
    prisma: {
      client: (ctx) => ctx.prisma as never,
      dmmf: options.dmmf,
      filterConnectionTotalCount: true,
      onUnusedQuery: null,
    },
    relay: {
      clientMutationId: "omit",
      cursorType: "String",
      edgesFieldOptions: { nullable: false },
      nodeFieldOptions: { nullable: false },
      nodesOnConnection: true,
      // every subgraph defines PageInfo identically: shareable, so they compose
      pageInfoTypeOptions: { shareable: true },
    },
  });
  builder.addScalarType("Date", DateScalar);
  builder.addScalarType("Money", MoneyScalar);
  builder.globalConnectionField("totalCount", (t) =>
    t.int({
      nullable: true,
      description: "How many items match, across all pages",
      // may be a function, so the count query runs only when a client asks for it
      resolve: (parent) => {
        const total = (parent as { totalCount?: number | (() => Promise<number>) }).totalCount;
        return typeof total === "function" ? total() : (total ?? null);
      },
    }),
  );
  addAuditLogField(builder, options.auditLog.field, options.auditLog.tables);
  return builder;
}
