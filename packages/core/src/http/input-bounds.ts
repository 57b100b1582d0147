// Every string a caller sends is bounded, before any resolver runs: at most
// DEFAULT_MAX_STRING characters unless the schema says otherwise for that argument or input
// field (`extensions: { maxLength }`, e.g. a CSV file), never a NUL character (PostgreSQL
// cannot store one) and never half of a UTF-16 surrogate pair (JSON lets a client send "\ud800";
// it has no UTF-8 form, and the database driver fails on it). A 1.5 MB search string is refused
// here with BAD_USER_INPUT instead of reaching the database.
import type { ApolloServerPlugin } from "@apollo/server";
import {
  getNullableType,
  isInputObjectType,
  isListType,
  TypeInfo,
  valueFromAST,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
} from "graphql";
import { auditRefusedOperation } from "../audit/mutations.ts";
import type { RequestContext } from "../context.ts";
import { badInput } from "../errors.ts";

export const DEFAULT_MAX_STRING = 2_000;

/** The bound the schema sets on an argument or input field. */
export const maxLength = (n: number) => ({ maxLength: n });

function limitOf(extensions: unknown): number {
  const value = (extensions as { maxLength?: unknown } | null | undefined)?.maxLength;
  return typeof value === "number" ? value : DEFAULT_MAX_STRING;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function checkValue(value: unknown, type: GraphQLInputType, limit: number, path: string): void {
  if (value === null || value === undefined) return;
  const inner = getNullableType(type) as GraphQLInputType;
  if (isListType(inner)) {
    if (Array.isArray(value)) value.forEach((item, i) => checkValue(item, inner.ofType, limit, `${path}[${i}]`));
    return;
  }
  if (isInputObjectType(inner)) {
    const fields = inner.getFields();
    for (const [name, field] of Object.entries(fields)) {
      checkValue((value as Record<string, unknown>)[name], field.type, limitOf(field.extensions), `${path}.${name}`);
    }
    return;
  }
  if (typeof value !== "string") return;
  if (value.includes("\u0000")) throw badInput(`${path} contains a NUL character (\\u0000): remove it and send the text again.`);
  if (LONE_SURROGATE.test(value)) {
    throw badInput(`${path} contains a broken character (half of a UTF-16 surrogate pair, e.g. \\ud800): send the text as valid Unicode.`);
  }
  if (value.length > limit) {
    const most = limit >= 1024 * 1024 ? `${Math.round(limit / (1024 * 1024))} MB (${limit.toLocaleString("en")} characters)` : `${limit.toLocaleString("en")} characters`;
    throw badInput(`${path} is too long: at most ${most}, got ${value.length.toLocaleString("en")}. Send less at once.`, {
      field: path,
      maxLength: limit,
    });
  }
}

/** Every argument of `document` within its bounds, or BAD_USER_INPUT naming the first that is not. */
function checkArguments(document: DocumentNode, schema: GraphQLSchema, variables: Record<string, unknown>): void {
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument(node) {
        const arg = typeInfo.getArgument();
        const field = typeInfo.getFieldDef();
        if (!arg) return;
        const value = valueFromAST(node.value, arg.type, variables);
        checkValue(value, arg.type, limitOf(arg.extensions), `${field?.name ?? "field"}(${arg.name})`);
      },
    }),
  );
}

export function inputBoundsPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, schema, request, operation, contextValue }) {
          const variables = request.variables ?? {};
          try {
            checkArguments(document, schema, variables);
          } catch (error) {
            // refused before any resolver ran: audited here, as a resolver's refusal is
            if (operation) await auditRefusedOperation(contextValue, schema, operation, variables, error);
            throw error;
          }
        },
      };
    },
  };
}
