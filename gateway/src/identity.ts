// Who is calling, on the gateway's side of the hop. The user's token is verified once per HTTP
// request (memoised on the Request, so the trusted-documents check and the context share one
// verification); each subgraph then gets its own short-lived token (audience = that subgraph),
// signed at most once per request and subgraph however many entity fetches the plan makes.
import { bearerToken, createUserTokenVerifier, INTERNAL_IDENTITY_HEADER, signInternalIdentity, unauthenticated, type Identity, type UserTokenConfig } from "@chapters/core";
import type { GatewayPlugin, PropagateHeadersOpts } from "@graphql-hive/gateway-runtime";
import type { CallerRateLimiter } from "./limits.ts";

/** What the gateway adds to each request's context. */
export interface CallerContext {
  identity: Identity;
  /** one signed identity per subgraph name, created on first use */
  internalIdentity: Map<string, Promise<string>>;
}

export type IdentityOf = (request: Request) => Promise<Identity>;

/** Verifies the bearer token of a request once; a request without one is UNAUTHENTICATED (HTTP 401). */
export function identityResolver(config: UserTokenConfig): IdentityOf {
  const verify = createUserTokenVerifier(config);
  const verified = new WeakMap<Request, Promise<Identity>>();
  return (request) => {
    let identity = verified.get(request);
    if (!identity) {
      const token = bearerToken(request.headers.get("authorization") ?? undefined);
      // Without a token nothing is readable: refuse before any subgraph is asked anything.
      identity = token ? verify(token) : Promise.reject(unauthenticated());
      verified.set(request, identity);
    }
    return identity;
  };
}

/** Puts the verified caller into the context (or fails the request with 401, or 429 past its rate). */
export function useCallerIdentity(identityOf: IdentityOf, rateLimiter: CallerRateLimiter): GatewayPlugin {
  return {
    async onContextBuilding({ context, extendContext }) {
      const identity = await identityOf(context.request);
      // the rate is counted per caller, once its token is known to be genuine
      await rateLimiter.consume(identity.subject);
      extendContext({ identity, internalIdentity: new Map() } satisfies CallerContext);
    },
  };
}

/** The runtime's header propagation, used to send each subgraph the identity signed for it alone. */
export const forwardIdentity: PropagateHeadersOpts<Partial<CallerContext>> = {
  fromClientToSubgraphs: async ({ context, subgraphName }) => {
    const { identity, internalIdentity } = context;
    if (!identity || !internalIdentity) return {};
    let token = internalIdentity.get(subgraphName);
    if (!token) {
      token = signInternalIdentity(identity, subgraphName);
      internalIdentity.set(subgraphName, token);
    }
    return { [INTERNAL_IDENTITY_HEADER]: await token };
  },
};
