// The registered operations a grant may name: those in the gateway's trusted-document manifest
// (gateway/persisted/manifest.json, written by `npm run persisted`), read once. A grant naming an
// operation that is not registered would never run, so it is refused when made.
import { readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "@chapters/core";

let names: string[] | null = null;

export function registeredOperations(): string[] {
  names ??= (
    JSON.parse(readFileSync(path.join(repoRoot, "gateway", "persisted", "manifest.json"), "utf8")) as { operations: { name: string }[] }
  ).operations
    .map((op) => op.name)
    .sort();
  return names;
}
