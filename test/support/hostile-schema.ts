// The operations of the hostile-callers suite (docs/testing.md), enumerated from the composed
// schema the gateway serves: every root query and mutation, with an operation that passes each
// argument as a variable and selects the leaves a leak would show in, and a fast-check
// arbitrary for its variables built from the argument types. A field another branch adds is
// covered as soon as it is in the schema.
import fc from "fast-check";
import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isRequiredArgument,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type GraphQLType,
  type IntrospectionQuery,
} from "graphql";
import { enumValue, leafValue, listValue, type HostileMix, type KnownValues, type Leaf } from "./hostile-values.ts";

export interface RootOperation {
  kind: "query" | "mutation";
  field: string;
  document: string;
  variables(known: KnownValues, mix: HostileMix): fc.Arbitrary<Record<string, unknown>>;
}

type Query = (document: string) => Promise<{ data?: unknown }>;

/** The schema a caller sees, read through the gateway (introspection is on outside production). */
export async function gatewaySchema(query: Query): Promise<GraphQLSchema> {
  const { data } = await query(getIntrospectionQuery());
  if (!data) throw new Error("The gateway did not answer the introspection query.");
  return buildClientSchema(data as IntrospectionQuery);
}

/** Object levels below the root field that the selection reaches: deep enough to see a
 * chapter's id inside a connection's nodes, shallow enough to stay under the gateway's cost. */
const SELECTION_LEVELS = 3;
/** Leaves per object, so that no operation reaches the gateway's token limit. */
const LEAVES_PER_OBJECT = 12;

function selection(type: GraphQLObjectType, level: number): string {
  const fields = Object.values(type.getFields()).filter((f) => !f.args.some(isRequiredArgument));
  const leaves = fields.filter((f) => !isObjectType(getNamedType(f.type))).slice(0, LEAVES_PER_OBJECT).map((f) => f.name);
  const nested =
    level >= SELECTION_LEVELS
      ? []
      : fields.flatMap((f) => {
          const named = getNamedType(f.type);
          if (!isObjectType(named) || named.name === "PageInfo") return [];
          // a small page under a parent: the point is to see what comes back, not how much
          const page = f.args.some((a) => a.name === "first") ? "(first: 2)" : "";
          return [`${f.name}${page} ${selection(named, level + 1)}`];
        });
  return `{ __typename ${[...leaves, ...nested].join(" ")} }`;
}

const PAGING = new Set(["first", "last", "after", "before"]);

function inputValue(type: GraphQLInputType, name: string, known: KnownValues, mix: HostileMix): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) {
    // a required value sometimes missing: the schema must refuse it before any resolver runs
    return fc.oneof({ weight: 20 * mix.plausible, arbitrary: presentValue(type.ofType, name, known, mix) }, { weight: mix.hostile, arbitrary: fc.constant(null) });
  }
  // page arguments: a plausible request leaves them to their defaults
  if (PAGING.has(name) && mix.plausible > mix.hostile) return fc.constant(undefined);
  const present = presentValue(type, name, known, mix);
  // a plausible request leaves most optional filters out, so that it finds something
  return fc.oneof({ weight: 2 * mix.plausible, arbitrary: fc.constant(undefined) }, { weight: mix.plausible + mix.hostile, arbitrary: present });
}

function presentValue(type: GraphQLInputType, name: string, known: KnownValues, mix: HostileMix): fc.Arbitrary<unknown> {
  if (isListType(type)) return listValue(inputValue(type.ofType as GraphQLInputType, name, known, mix), mix);
  if (isEnumType(type)) return enumValue(type.getValues().map((v) => v.name), mix);
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    const record = fc.record(Object.fromEntries(fields.map((f) => [f.name, inputValue(f.type, f.name, known, mix)])));
    return fc.oneof(
      { weight: 10, arbitrary: record.map(withoutUndefined) },
      { weight: 1, arbitrary: record.map((r) => ({ ...withoutUndefined(r), notAField: "'; DROP TABLE x; --" })) },
    );
  }
  if (isScalarType(type)) return leafValue(type.name as Leaf, name, known, mix);
  throw new Error(`No arbitrary for ${String(type)}`);
}

function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}

function rootOperation(kind: "query" | "mutation", field: GraphQLField<unknown, unknown>): RootOperation {
  const params = field.args.map((a, i) => `$a${i}: ${String(a.type)}`).join(", ");
  const args = field.args.map((a, i) => `${a.name}: $a${i}`).join(", ");
  const returned = getNamedType(field.type as GraphQLType);
  const body = `${field.name}${args ? `(${args})` : ""}${isObjectType(returned) ? ` ${selection(returned, 1)}` : ""}`;
  const document = `${kind} Hostile${params ? `(${params})` : ""} { ${body} }`;
  return {
    kind,
    field: field.name,
    document,
    variables: (known, mix) =>
      fc
        .tuple(...field.args.map((a) => inputValue(a.type, a.name, known, mix)))
        .map((values) => withoutUndefined(Object.fromEntries(values.map((v, i) => [`a${i}`, v])))),
  };
}

/** Every root query and mutation field of the schema. */
export function rootOperations(schema: GraphQLSchema): RootOperation[] {
  const queries = Object.values(schema.getQueryType()?.getFields() ?? {}).map((f) => rootOperation("query", f));
  const mutations = Object.values(schema.getMutationType()?.getFields() ?? {}).map((f) => rootOperation("mutation", f));
  return [...queries, ...mutations];
}
