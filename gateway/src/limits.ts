// Limits applied before any subgraph is called: the shape of the operation (depth, aliases,
// tokens — graphql-armor's plugins, refused while parsing or validating; its cost: cost.ts), the size of the request
// body, and a per-caller request rate (rate-limiter-flexible: atomic counters in Redis when
// REDIS_URL is set, so every gateway instance shares one budget per caller; in memory otherwise).
// Subgraph time-outs are the runtime's own `upstreamTimeout`.
import { maxAliasesPlugin } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthPlugin } from "@escape.tech/graphql-armor-max-depth";
import { maxTokensPlugin } from "@escape.tech/graphql-armor-max-tokens";
import { REQUEST_BODY_LIMIT } from "@chapters/core";
import { GraphQLError } from "graphql";
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { GatewayErrorCode } from "./errors.ts";

export interface Limits {
  /** deepest selection allowed (the deepest dashboard in docs/api.md is 7) */
  maxDepth: number;
  /** aliases allowed in one operation */
  maxAliases: number;
  /** lexical tokens allowed in one document */
  maxTokens: number;
  /** estimated cost allowed in one operation (cost.ts: fields × the pages above them) */
  maxCost: number;
  /** largest request body, in bytes */
  maxBodyBytes: number;
  /** fields one operation may stand for once its fragments are expanded (fan-out.ts) */
  maxFields: number;
  /** largest WebSocket message once a socket is acknowledged, and before (connection_init) */
  maxSocketMessageBytes: number;
  maxSocketInitBytes: number;
  /** sockets and live subscriptions one caller (token subject) may hold open on one instance */
  maxSocketsPerCaller: number;
  maxSubscriptionsPerCaller: number;
  /** requests one caller (token subject) may send per window, across all instances sharing Redis */
  ratePerWindow: number;
  /** requests one network address may send per window without a valid token */
  anonymousRatePerWindow: number;
  /** reverse proxies in front of the gateway that append the address they saw to
   * X-Forwarded-For; 0 (the default) ignores the header, which any caller can write */
  trustedProxies: number;
  rateWindowSeconds: number;
  /** how long the gateway waits for one subgraph request */
  subgraphTimeoutMs: number;
}

const num = (value: string | undefined, fallback: number) => (value && Number.isFinite(Number(value)) ? Number(value) : fallback);

export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): Limits {
  return {
    maxDepth: num(env.MAX_DEPTH, 12),
    maxAliases: num(env.MAX_ALIASES, 30),
    maxTokens: num(env.MAX_TOKENS, 2_000),
    // a province's 1 000 communes with their figures and blood indicators cost about 17 000
    maxCost: num(env.MAX_COST, 100_000),
    // as large as a CSV import needs (core's REQUEST_BODY_LIMIT), the same at gateway and subgraphs
    maxBodyBytes: num(env.MAX_BODY_BYTES, REQUEST_BODY_LIMIT),
    // the largest registered dashboard stands for a few hundred fields
    maxFields: num(env.MAX_FIELDS, 5_000),
    maxSocketMessageBytes: num(env.MAX_SOCKET_MESSAGE_BYTES, 256 * 1024),
    // a connection_init carries a token: a few kilobytes at most
    maxSocketInitBytes: num(env.MAX_SOCKET_INIT_BYTES, 16 * 1024),
    maxSocketsPerCaller: num(env.MAX_SOCKETS_PER_CALLER, 50),
    maxSubscriptionsPerCaller: num(env.MAX_SUBSCRIPTIONS_PER_CALLER, 200),
    ratePerWindow: num(env.RATE_LIMIT, 1_200),
    anonymousRatePerWindow: num(env.ANONYMOUS_RATE_LIMIT, 120),
    trustedProxies: num(env.TRUSTED_PROXIES, 0),
    rateWindowSeconds: num(env.RATE_LIMIT_WINDOW_SECONDS, 60),
    subgraphTimeoutMs: num(env.SUBGRAPH_TIMEOUT_MS, 30_000),
  };
}

/** The error every limit gives: a stable code, the limit broken, and HTTP 400. */
export function tooComplex(limit: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: GatewayErrorCode.QUERY_TOO_COMPLEX, limit, http: { status: 400 } } });
}

/** armor's errors carry no code and start with "Syntax Error:": refuse with ours instead. */
const refuse = (limit: string, advice: string) => [
  (_context: unknown, error: Error) => {
    throw tooComplex(limit, `${error.message.replace(/^Syntax Error:\s*/, "")} ${advice}`);
  },
];

export function shapeLimitPlugins(limits: Limits) {
  return [
    maxTokensPlugin({ n: limits.maxTokens, onReject: refuse("tokens", "Send a shorter operation.") }),
    maxDepthPlugin({ n: limits.maxDepth, onReject: refuse("depth", "Ask for fewer nested levels, or page through them.") }),
    maxAliasesPlugin({ n: limits.maxAliases, onReject: refuse("aliases", "Split the operation into several requests.") }),
  ];
}

export interface CallerRateLimiter {
  /** counts one request for the caller; throws RATE_LIMITED (HTTP 429) past the budget */
  consume(caller: string): Promise<void>;
  close(): Promise<void>;
}

/** Whose budget a limiter keeps: callers with a valid token (by subject), or anonymous callers
 * (by network address). */
export type RateBudget = "caller" | "address";

export function createRateLimiter(limits: Limits, redisUrl: string | undefined, budget: RateBudget = "caller"): CallerRateLimiter {
  const points = budget === "caller" ? limits.ratePerWindow : limits.anonymousRatePerWindow;
  const options = { points, duration: limits.rateWindowSeconds, keyPrefix: `chapters:gateway:rate${budget === "caller" ? "" : ":address"}` };
  let redis: Redis | null = null;
  let limiter: RateLimiterAbstract;
  if (redisUrl) {
    redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    // if Redis is unreachable, each instance falls back to its own in-memory budget
    limiter = new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: new RateLimiterMemory(options) });
  } else {
    limiter = new RateLimiterMemory(options);
  }
  return {
    async consume(caller) {
      try {
        await limiter.consume(caller);
      } catch (result) {
        if (!(result instanceof RateLimiterRes)) throw result;
        const retryAfter = Math.ceil(result.msBeforeNext / 1000);
        throw new GraphQLError(
          budget === "caller"
            ? `Too many requests: at most ${points} every ${limits.rateWindowSeconds} s per caller. Try again in ${retryAfter} s.`
            : `Too many requests without a valid token: at most ${points} every ${limits.rateWindowSeconds} s per address. Send your token, or try again in ${retryAfter} s.`,
          { extensions: { code: GatewayErrorCode.RATE_LIMITED, retryAfter, http: { status: 429, headers: { "retry-after": String(retryAfter) } } } },
        );
      }
    },
    async close() {
      redis?.disconnect();
    },
  };
}
