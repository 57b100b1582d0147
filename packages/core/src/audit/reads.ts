// Reads of unmasked personal data are audited (docs/partners-and-audit.md): the resolvers that decide
// whether to unmask ask `showsPersonalData(ctx, record)`, which notes the record; once the response
// is ready, one entry per request lists the records by type. One INSERT however many rows were
// read, and none when nothing personal was shown (a VIEWER's masked list writes nothing). If the
// entry cannot be written the data is not sent.
import type { ApolloServerPlugin } from "@apollo/server";
import type { OperationDefinitionNode } from "graphql";
import { requireIdentity, type RequestContext } from "../context.ts";
import { serviceUnavailable } from "../errors.ts";
import type { RawTx } from "../db/sql.ts";
import { logger } from "../logger.ts";
import { canReadPersonalData } from "../auth/roles.ts";
import { insertAuditEntry } from "./entries.ts";

/** Ids kept per record type in one entry; the count is always exact. */
const IDS_PER_TYPE = 200;

const readsOf = new WeakMap<RequestContext, Map<string, Set<string>>>();

/** Whether the caller sees `record`'s personal data unmasked; when they do, the read is audited. */
export function showsPersonalData(ctx: RequestContext, record: { type: string; id: string }): boolean {
  const identity = requireIdentity(ctx);
  if (!canReadPersonalData(identity.role, identity.grants)) return false;
  let reads = readsOf.get(ctx);
  if (!reads) readsOf.set(ctx, (reads = new Map()));
  let ids = reads.get(record.type);
  if (!ids) reads.set(record.type, (ids = new Set()));
  ids.add(record.id);
  return true;
}

function recordsRead(reads: Map<string, Set<string>>) {
  return Object.fromEntries([...reads].map(([type, ids]) => [type, { count: ids.size, ids: [...ids].slice(0, IDS_PER_TYPE) }]));
}

/** The operation's root fields, e.g. "donor" or "chapter,donors": the gateway's query plan names
 * the operations it sends to a subgraph after the client's, or not at all. */
function rootFields(operation: OperationDefinitionNode | undefined): string {
  return (operation?.selectionSet.selections ?? []).map((s) => (s.kind === "Field" ? s.name.value : "…")).join(",");
}

/** Apollo plugin: appends the request's personal-data reads, once, before the response leaves. */
export function personalDataReadAudit<Ctx extends RequestContext>(): ApolloServerPlugin<Ctx> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, request, response, operation, operationName }) {
          const reads = readsOf.get(contextValue);
          if (!reads?.size || response.body.kind !== "single") return;
          readsOf.delete(contextValue);
          const db = (contextValue as unknown as RequestContext & { prisma: Pick<RawTx, "$executeRaw"> }).prisma;
          try {
            await insertAuditEntry(db, contextValue, {
              kind: "PERSONAL_DATA_READ",
              operation: rootFields(operation) || "(unknown)",
              operationName: operationName ?? request.operationName ?? null,
              variables: request.variables ?? {},
              chapterId: null,
              outcome: "OK",
              records: recordsRead(reads),
            });
          } catch (error) {
            logger.error({ err: error, requestId: contextValue.requestId }, "a personal-data read could not be audited: the data was withheld");
            const withheld = serviceUnavailable("Personal data is only sent once the read is recorded in the audit log, and recording failed: try again in a few seconds.");
            response.body.singleResult = { errors: [withheld.toJSON()] };
          }
        },
      };
    },
  };
}
