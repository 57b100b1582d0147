// Every mutation is audited without a line of its own (docs/partners-and-audit.md). The Pothos plugin below
// wraps each Mutation field: while it runs, an async-local frame says what is being done. The
// subgraphs' one transaction helper (core's inTransactionOf, under their `inTransaction`/`once`)
// appends the entry as the transaction's last statement, so it commits or rolls back with the
// change. A mutation that fails is rolled back; its outcome (the error code) is appended after the
// rollback, on its own, so refused attempts show too. An idempotent replay changes nothing: its
// entry says REPLAYED, never a second OK. A mutation that opens no transaction is recorded once
// it returns.
import { AsyncLocalStorage } from "node:async_hooks";
import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from "@pothos/core";
import { GraphQLError, Kind, valueFromAST, type GraphQLFieldResolver, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import type { RequestContext } from "../context.ts";
import { databaseFailureError } from "../db/failures.ts";
import type { RawTx, TransactionalClient } from "../db/sql.ts";
import { logger } from "../logger.ts";
import { insertAuditEntry, type AuditEntry, type AuditKind } from "./entries.ts";
import { chapterArgument, targetChapter, targetChapterSql } from "./target.ts";

interface MutationFrame {
  ctx: RequestContext;
  entry: Omit<AuditEntry, "outcome">;
  /** a transaction of the mutation has taken the entry (set at once, so two transactions run side by side write it once) */
  claimed: boolean;
  /** the entry is committed already (inside the mutation's transaction) */
  written: boolean;
  replayed: boolean;
}

const frames = new AsyncLocalStorage<MutationFrame>();

/** The field option that files a mutation under another kind, e.g. a grant mutation:
 * `extensions: auditAs("GRANT_CHANGE")`. */
export const auditAs = (kind: Exclude<AuditKind, "PERSONAL_DATA_READ">) => ({ auditKind: kind });

/** The stable code a caller got for `error`. */
function outcomeOf(error: unknown): string {
  if (error instanceof Error && error.name === "PothosValidationError") return "BAD_USER_INPUT";
  const code = error instanceof GraphQLError ? error.extensions.code : databaseFailureError(error)?.extensions.code;
  return typeof code === "string" ? code : "INTERNAL_SERVER_ERROR";
}

const clientOf = (ctx: RequestContext) => (ctx as RequestContext & { prisma: Pick<RawTx, "$executeRaw"> }).prisma;

/** A successful mutation's chapter, found by its entry's own INSERT: the chapterId argument or the
 * chapter of the record an id argument names (no statement of its own: a write's budget holds). */
const chapterOf = (frame: MutationFrame) => targetChapterSql(clientOf(frame.ctx) as never, frame.entry.variables as Record<string, unknown>);

function audited<Ctx extends object>(resolver: GraphQLFieldResolver<unknown, Ctx, object>, field: string, kind: AuditKind): GraphQLFieldResolver<unknown, Ctx, object> {
  return async (parent, args, context, info) => {
    const ctx = context as unknown as RequestContext;
    const frame: MutationFrame = {
      ctx,
      entry: { kind, operation: field, operationName: info.operation.name?.value ?? null, variables: args, chapterId: chapterArgument(args as Record<string, unknown>) },
      claimed: false,
      written: false,
      replayed: false,
    };
    let result: unknown;
    try {
      result = await frames.run(frame, () => resolver(parent, args, context, info));
    } catch (error) {
      await auditRefusal(ctx, frame.entry, args as Record<string, unknown>, error);
      throw error;
    }
    if (!frame.written) await insertAuditEntry(clientOf(ctx), ctx, { ...frame.entry, outcome: frame.replayed ? "REPLAYED" : "OK" }, chapterOf(frame));
    return result;
  };
}

/** Files a refused attempt, under the chapter it targeted (resolved from the record an id
 * argument names when no chapterId was given). Never fails the request it records. */
async function auditRefusal(ctx: RequestContext, entry: Omit<AuditEntry, "outcome">, args: Record<string, unknown>, error: unknown): Promise<void> {
  try {
    const chapterId = entry.chapterId ?? (await targetChapter(clientOf(ctx) as never, args).catch(() => null));
    await insertAuditEntry(clientOf(ctx), ctx, { ...entry, chapterId, outcome: outcomeOf(error) });
  } catch (failure) {
    logger.error({ err: failure, requestId: ctx.requestId, operation: entry.operation }, "a refused mutation could not be audited");
  }
}

/** A mutation operation refused before any resolver ran (input-bounds.ts: text too long, a NUL):
 * each of its root fields is audited as refused, as the resolver's own refusal would be. */
export async function auditRefusedOperation(
  ctx: RequestContext,
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  error: unknown,
): Promise<void> {
  const mutations = schema.getMutationType()?.getFields();
  if (operation.operation !== "mutation" || !mutations) return;
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) continue;
    const field = mutations[selection.name.value];
    if (!field) continue;
    const args: Record<string, unknown> = {};
    for (const node of selection.arguments ?? []) {
      const definition = field.args.find((a) => a.name === node.name.value);
      if (definition) args[definition.name] = valueFromAST(node.value, definition.type, variables);
    }
    const kind = (field.extensions?.auditKind as AuditKind | undefined) ?? "MUTATION";
    await auditRefusal(ctx, { kind, operation: field.name, operationName: operation.name?.value ?? null, variables: args, chapterId: chapterArgument(args) }, args, error);
  }
}

/** Runs `work` in one transaction of `client`; inside a mutation, the audit entry is its last
 * statement (once per mutation). */
export async function auditedTransaction<Tx, T>(
  client: TransactionalClient<Tx>,
  work: (tx: Tx) => Promise<T>,
  options?: { timeout?: number; maxWait?: number },
): Promise<T> {
  const frame = frames.getStore();
  const pending = frame && !frame.claimed ? frame : null;
  if (pending) pending.claimed = true;
  try {
    const value = await client.$transaction(async (tx) => {
      const result = await work(tx);
      if (pending) await insertAuditEntry(tx as unknown as RawTx, pending.ctx, { ...pending.entry, outcome: pending.replayed ? "REPLAYED" : "OK" }, chapterOf(pending));
      return result;
    }, options);
    if (pending) pending.written = true;
    return value;
  } catch (error) {
    // rolled back with its entry: a later transaction of the same mutation may write it
    if (pending) pending.claimed = false;
    throw error;
  }
}

/** Called by the idempotency mechanism when a mutation returns an earlier result. */
export function markReplayed(): void {
  const frame = frames.getStore();
  if (frame) frame.replayed = true;
}

/** Pothos plugin: every Mutation field is audited (the first plugin listed, so it also sees the
 * refusals of scope-auth). */
export class AuditPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(resolver: GraphQLFieldResolver<unknown, Types["Context"], object>, fieldConfig: PothosOutputFieldConfig<Types>) {
    if (fieldConfig.kind !== "Mutation") return resolver;
    const kind = (fieldConfig.extensions?.auditKind as AuditKind | undefined) ?? "MUTATION";
    return audited(resolver, fieldConfig.name, kind);
  }
}

const pluginName = "audit";
SchemaBuilder.registerPlugin(pluginName, AuditPlugin);
export default pluginName;

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      audit: AuditPlugin<Types>;
    }
  }
}
