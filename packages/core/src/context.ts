// What every resolver of every subgraph receives.
import DataLoader from "dataloader";
import type { Identity } from "./auth/identity.ts";
import { unauthenticated } from "./errors.ts";

export interface RequestContext {
  /** null only for requests without a caller (the gateway reading the schema) */
  identity: Identity | null;
  requestId: string;
  /** per-request memo, for values computed once per request (e.g. the caller's slice roots) */
  memo: Map<string, Promise<unknown>>;
}

export function requireIdentity(ctx: RequestContext): Identity {
  if (!ctx.identity) throw unauthenticated();
  return ctx.identity;
}

/** Computes a value once per request. */
export function memoize<T>(ctx: RequestContext, key: string, compute: () => Promise<T>): Promise<T> {
  let value = ctx.memo.get(key) as Promise<T> | undefined;
  if (!value) {
    value = compute();
    ctx.memo.set(key, value);
  }
  return value;
}

/** One DataLoader per request and name: loads asked for in the same tick become one batch. */
export function requestLoader<K, V, C = K>(
  ctx: RequestContext,
  name: string,
  batch: DataLoader.BatchLoadFn<K, V>,
  options?: DataLoader.Options<K, V, C>,
): DataLoader<K, V, C> {
  let perRequest = loaders.get(ctx);
  if (!perRequest) {
    perRequest = new Map();
    loaders.set(ctx, perRequest);
  }
  let loader = perRequest.get(name) as DataLoader<K, V, C> | undefined;
  if (!loader) {
    loader = new DataLoader<K, V, C>(batch, options);
    perRequest.set(name, loader);
  }
  return loader;
}

const loaders = new WeakMap<RequestContext, Map<string, unknown>>();
