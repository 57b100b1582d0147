// Each request to a subgraph carries the caller's identity as a short-lived token that the
// gateway signs for that subgraph alone.
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { GraphQLError } from "graphql";
import { INTERNAL_IDENTITY_HEADER, signInternalIdentity, type Identity } from "@chapters/core";

export interface GatewayContext {
  identity: Identity | null;
  requestId: string;
}

export class IdentityForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(private readonly subgraphName: string, url: string) {
    super({ url });
  }

  override async willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const context = options.context as Partial<GatewayContext>;
    if (context.identity) {
      options.request.http?.headers.set(INTERNAL_IDENTITY_HEADER, await signInternalIdentity(context.identity, this.subgraphName));
    }
    if (context.requestId) options.request.http?.headers.set("x-request-id", context.requestId);
  }

  /** A subgraph refusing a request (HTTP 4xx) explains why in GraphQL errors: pass its first
   * error on with its own code, instead of a bare "400: Bad Request". */
  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource["errorFromResponse"]>[0]): Promise<GraphQLError> {
    const fallback = await super.errorFromResponse(response.clone());
    const body = (fallback.extensions.response as { body?: unknown } | undefined)?.body as
      | { errors?: { message?: string; extensions?: { code?: string } }[] }
      | undefined;
    const first = body?.errors?.[0];
    if (!first?.message) return fallback;
    const code = first.extensions?.code === "GRAPHQL_VALIDATION_FAILED" ? "BAD_USER_INPUT" : (first.extensions?.code ?? fallback.extensions.code);
    return new GraphQLError(first.message, { extensions: { code, serviceName: this.subgraphName } });
  }
}
