// The explorer: GET /graphql in a browser opens GraphiQL, rendered from the bundle in
// @graphql-yoga/render-graphiql (scripts and styles inlined), so it works with no internet.
// `npm start` prefills the dev token in the header editor; otherwise the editor starts empty.
import { renderGraphiQL } from "@graphql-yoga/render-graphiql";

export interface ExplorerOptions {
  /** headers to prefill, e.g. { authorization: "Bearer …" } in the embedded default */
  headers?: Record<string, string>;
}

export function explorer(options: ExplorerOptions = {}) {
  return {
    graphiql: {
      title: "Chapters — GraphQL explorer",
      defaultQuery: "{\n  me {\n    role\n    chapter { code name }\n  }\n}\n",
      ...(options.headers ? { headers: JSON.stringify(options.headers, null, 2), shouldPersistHeaders: false } : {}),
    },
    renderGraphiQL,
  };
}
