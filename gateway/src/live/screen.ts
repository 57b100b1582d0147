// The conference screen (EM-LIVE), served by the gateway at /screen/<ceremony>: one HTML page
// with its style and script inlined (gateway/screen/), for a hall's projector. The page holds no
// data; it authenticates with a SCREEN token (in the URL fragment) and runs only the registered
// operations named below. When the ceremony is a conference id, its honours come from emulation's
// subscription `ceremonyHonours` (ScreenCeremonyHonoursLive; ScreenCeremonyHonours is the query of
// the same list, read once).
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type http from "node:http";
import { readManifest } from "../trusted-documents.ts";

const SCREEN_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "screen");

/** The registered operations the screen runs, by name. */
export const SCREEN_OPERATIONS = { campaign: "ScreenCampaignProgress", drive: "ScreenBloodDriveProgress", honours: "ScreenCeremonyHonoursLive" } as const;

/** A ceremony id as it may appear in a path: letters, digits, dashes (a UUID or a slug). */
const CEREMONY = /^\/screen\/([A-Za-z0-9-]{1,80})\/?$/;

function operationIds(manifest: Map<string, string>): Record<keyof typeof SCREEN_OPERATIONS, string | null> {
  const idOf = (name: string) => [...manifest].find(([, body]) => new RegExp(`^(subscription|query) ${name}\\b`).test(body))?.[0] ?? null;
  return { campaign: idOf(SCREEN_OPERATIONS.campaign), drive: idOf(SCREEN_OPERATIONS.drive), honours: idOf(SCREEN_OPERATIONS.honours) };
}

/** Serves /screen/<ceremony>; returns false for any other path. */
export function screenHandler(graphqlEndpoint: string, manifest: Map<string, string> = readManifest()) {
  const template = readFileSync(path.join(SCREEN_DIR, "index.html"), "utf8")
    .replace("/*STYLE*/", () => readFileSync(path.join(SCREEN_DIR, "screen.css"), "utf8"))
    .replace("/*SCRIPT*/", () => readFileSync(path.join(SCREEN_DIR, "screen.js"), "utf8"));
  const operations = operationIds(manifest);
  return (path: string, res: http.ServerResponse): boolean => {
    const match = CEREMONY.exec(path);
    if (!match) return false;
    // JSON inside <script>: "<" escaped so no value can close the element
    const config = JSON.stringify({ ceremonyId: match[1], endpoint: graphqlEndpoint, operations }).replace(/</g, "\\u003c");
    res.writeHead(200, {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:",
      "referrer-policy": "no-referrer",
    });
    res.end(template.replace("/*CONFIG*/", () => config));
    return true;
  };
}
