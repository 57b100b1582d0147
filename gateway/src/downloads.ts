// File downloads through the gateway (HA-CALENDAR: a quarterly report as XLSX). The caller sends
// their bearer token in the Authorization header, as for /graphql — never in the URL: a URL ends up
// in logs, browser history and proxies, so a token there is refused. The gateway verifies the
// token, counts the request against the caller's rate, and asks the owning subgraph with the
// identity signed for it alone; the subgraph checks the caller's role and slice itself.
import type http from "node:http";
import { INTERNAL_IDENTITY_HEADER, signInternalIdentity } from "@chapters/core";
import { GraphQLError } from "graphql";
import type { CallerResolver } from "./identity.ts";
import type { CallerRateLimiter } from "./limits.ts";

/** The download paths the gateway serves, each with the subgraph that makes the file. */
export const DOWNLOADS: Record<string, string> = {
  "/reports/quarterly.xlsx": "humanitarian",
};

const TOKEN_PARAMETERS = ["token", "access_token", "accesstoken", "jwt", "authorization", "bearer"];

function refuse(res: http.ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

export function downloadHandler(options: { callers: CallerResolver; rateLimiter: CallerRateLimiter; subgraphUrl: (name: string) => string | undefined }) {
  return async (req: http.IncomingMessage, res: http.ServerResponse, path: string): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://gateway");
    if ([...url.searchParams.keys()].some((k) => TOKEN_PARAMETERS.includes(k.toLowerCase()))) {
      return refuse(res, 400, "BAD_USER_INPUT", "Do not put a token in a URL (it is kept in logs and browser history): send it in the Authorization header as \"Bearer <token>\".");
    }
    try {
      const identity = await options.callers.identityOf(new Request(url, { headers: { authorization: req.headers.authorization ?? "" } }));
      await options.rateLimiter.consume(identity.subject);
      if (identity.role === "PARTNER") return refuse(res, 403, "FORBIDDEN", "Report files are for the Society's officers; partners read the figures granted to them through /graphql.");
      const subgraph = DOWNLOADS[path]!;
      const base = options.subgraphUrl(subgraph);
      if (!base) return refuse(res, 503, "SERVICE_UNAVAILABLE", `The ${subgraph} service is not part of this gateway right now; try again later.`);
      const upstream = await fetch(new URL(`${path}${url.search}`, base), {
        headers: { [INTERNAL_IDENTITY_HEADER]: await signInternalIdentity(identity, subgraph), ...(req.headers["x-request-id"] ? { "x-request-id": String(req.headers["x-request-id"]) } : {}) },
      });
      const headers: Record<string, string> = {};
      for (const name of ["content-type", "content-disposition", "cache-control"]) {
        const value = upstream.headers.get(name);
        if (value) headers[name] = value;
      }
      res.writeHead(upstream.status, headers);
      res.end(Buffer.from(await upstream.arrayBuffer()));
    } catch (error) {
      if (error instanceof GraphQLError) {
        const http = error.extensions?.http as { status?: number; headers?: Record<string, string> } | undefined;
        const code = String(error.extensions?.code ?? "UNAUTHENTICATED");
        return refuse(res, http?.status ?? (code === "UNAUTHENTICATED" ? 401 : 400), code, error.message, http?.headers ?? {});
      }
      return refuse(res, 502, "SERVICE_UNAVAILABLE", "The file could not be fetched from its service; try again.");
    }
  };
}
