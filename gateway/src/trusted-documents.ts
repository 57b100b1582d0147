// Trusted documents: callers outside the Society's own staff (PARTNER and SCREEN tokens) may run
// only operations registered in the repository (gateway/persisted/*.graphql, listed with their
// hashes in manifest.json by `npm run persisted`), sent by hash — Apollo's
// `extensions.persistedQuery.sha256Hash` or `documentId`. ADMIN, OFFICER and VIEWER keep ad-hoc
// queries. The runtime's own persisted-documents support does the work; this module only says
// which documents exist and who may send anything else.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Role } from "@chapters/core";
import type { GatewayConfigBase } from "@graphql-hive/gateway-runtime";
import { GatewayErrorCode } from "./errors.ts";
import type { IdentityOf } from "./identity.ts";

export const PERSISTED_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "persisted");
export const MANIFEST_PATH = path.join(PERSISTED_DIR, "manifest.json");

/** Apollo's persisted query manifest format, so existing client tooling can read and write it. */
export interface PersistedManifest {
  format: "apollo-persisted-query-manifest";
  version: 1;
  operations: { id: string; name: string; type: "query" | "mutation" | "subscription"; body: string }[];
}

/** The id of a document: the SHA-256 of its exact text, as Apollo clients compute it. */
export const documentId = (body: string) => createHash("sha256").update(body).digest("hex");

export function readManifest(file = MANIFEST_PATH): Map<string, string> {
  const manifest = JSON.parse(readFileSync(file, "utf8")) as PersistedManifest;
  return new Map(manifest.operations.map((op) => [op.id, op.body]));
}

/** The names of the registered operations (a bounded set, e.g. for metric labels). */
export function registeredOperationNames(file = MANIFEST_PATH): Set<string> {
  const manifest = JSON.parse(readFileSync(file, "utf8")) as PersistedManifest;
  return new Set(manifest.operations.map((op) => op.name));
}

/** Roles that may run only registered operations. */
export const REGISTERED_ONLY: Role[] = ["PARTNER", "SCREEN"];

export function trustedDocuments(
  identityOf: IdentityOf,
  registeredOnly: readonly Role[],
  documents: Map<string, string> = readManifest(),
): NonNullable<GatewayConfigBase<Record<string, unknown>>["persistedDocuments"]> {
  return {
    getPersistedOperation: (id: string) => documents.get(id) ?? null,
    allowArbitraryDocuments: async (request: Request) => {
      // a request without a valid token is let through here and refused (401) when its context is built
      const identity = await identityOf(request).catch(() => null);
      return !identity || !registeredOnly.includes(identity.role);
    },
    customErrors: {
      persistedQueryOnly: {
        message: "Your role may run only the registered operations: send the operation's id (extensions.persistedQuery.sha256Hash or documentId), not its text.",
        extensions: { code: GatewayErrorCode.PERSISTED_ONLY, http: { status: 403 } },
      },
      notFound: {
        message: "No registered operation has this id. Registered operations live in gateway/persisted/ (npm run persisted).",
        extensions: { code: "PERSISTED_QUERY_NOT_FOUND", http: { status: 404 } },
      },
      keyNotFound: {
        message: "Send the operation's id (extensions.persistedQuery.sha256Hash or documentId).",
        extensions: { code: "PERSISTED_QUERY_NOT_FOUND", http: { status: 400 } },
      },
    },
  };
}
