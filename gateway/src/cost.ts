// The pre-flight cost budget: what an operation may ask for, estimated from the document alone
// before anything runs (graphql-query-complexity), and refused past the budget with
// QUERY_TOO_COMPLEX (limit "cost"). Each field costs 1 plus its selection, times the page it
// asks for (`first`/`last`, or the default page when a paged field is given neither), so nested
// pages multiply: 1 000 chapters × 1 000 children × 1 000 people is refused, a province's 1 000
// communes with their figures is not. The engine's demandControl cannot do this: it counts per
// subgraph request, after earlier subgraphs have already run.
import { PAGE } from "@chapters/core";
import type { GatewayPlugin } from "@graphql-hive/gateway-runtime";
import { getComplexity, type ComplexityEstimator } from "graphql-query-complexity";
import { tooComplex } from "./limits.ts";

/** Cost of a field: 1, plus its selection times the page size it asks for. */
export const pageSizeEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  const asked = typeof args.first === "number" ? args.first : typeof args.last === "number" ? args.last : undefined;
  const paged = field.args.some((a) => a.name === "first" || a.name === "last");
  const size = asked ?? (paged ? PAGE.defaultSize : 1);
  return 1 + Math.max(size, 1) * childComplexity;
};

export function useCostBudget(maxCost: number): GatewayPlugin {
  return {
    onValidate({ params, context }) {
      // after validation: an operation that is too deep or has too many aliases is refused for
      // that (the more precise reason), and one that does not fit the schema has no cost
      return ({ valid }) => {
        if (!valid) return;
        const request = (context as { params?: { variables?: Record<string, unknown>; operationName?: string } }).params;
        let cost: number;
        try {
          cost = getComplexity({
            schema: params.schema,
            query: params.documentAST,
            variables: request?.variables ?? {},
            operationName: request?.operationName ?? undefined,
            estimators: [pageSizeEstimator],
          });
        } catch {
          return; // variables that do not fit the operation: execution says why
        }
        if (cost > maxCost) {
          throw tooComplex("cost", `The operation may cost ${cost}, over the budget of ${maxCost} (each field counts once per item of the pages above it). Ask for smaller pages, or fewer nested lists.`);
        }
      };
    },
  };
}
