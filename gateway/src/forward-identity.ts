// Each request to a subgraph carries the caller's identity as a short-lived token that the
// gateway signs for that subgraph alone.
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
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
}
