// The example dashboard, served by the gateway at /dashboard: one HTML page with its style and
// script inlined (gateway/dashboard/), and the charting library (Chart.js, from npm) served from
// /dashboard/chart.js, so the page works offline and loads nothing from a CDN. The page holds no
// data: it takes a token as the conference screen does (URL fragment, kept in sessionStorage,
// never sent in a URL) and sends only the registered operations named below, by id — so a
// PARTNER token sees exactly what its grants open (docs/dashboard-teams.md).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type http from "node:http";
import { readManifest } from "./trusted-documents.ts";

const DASHBOARD_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "dashboard");

/** The registered operations the dashboard sends (gateway/persisted/<name>.graphql). */
export const DASHBOARD_OPERATIONS = [
  "DashboardChapters",
  "DashboardTree",
  "DashboardOrganizationFigures",
  "DashboardBloodFigures",
  "DashboardHumanitarianFigures",
  "DashboardEmulationClasses",
  "DashboardCampaigns",
  "DashboardCampaignProgress",
  "DashboardBloodUnits",
] as const;

/** Chart.js's UMD build, as npm installed it (its package exports hide dist/, so resolve the main file). */
function chartLibrary(): Buffer {
  const main = createRequire(import.meta.url).resolve("chart.js"); // …/chart.js/dist/chart.cjs
  return readFileSync(path.join(path.dirname(main), "chart.umd.min.js"));
}

const HEADERS = {
  "cache-control": "no-store",
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
};

/** Serves /dashboard and /dashboard/chart.js; returns false for any other path. */
export function dashboardHandler(graphqlEndpoint: string, manifest: Map<string, string> = readManifest()) {
  const ids = Object.fromEntries(
    DASHBOARD_OPERATIONS.map((name) => {
      const id = [...manifest].find(([, body]) => new RegExp(`^(subscription|query) ${name}\\b`).test(body))?.[0];
      if (!id) throw new Error(`The dashboard's operation ${name} is not registered: run npm run persisted.`);
      return [name, id];
    }),
  );
  // JSON inside <script>: "<" escaped so no value can close the element
  const config = JSON.stringify({ endpoint: graphqlEndpoint, operations: ids }).replace(/</g, "\\u003c");
  const page = readFileSync(path.join(DASHBOARD_DIR, "index.html"), "utf8")
    .replace("/*STYLE*/", () => readFileSync(path.join(DASHBOARD_DIR, "dashboard.css"), "utf8"))
    .replace("/*SCRIPT*/", () => readFileSync(path.join(DASHBOARD_DIR, "dashboard.js"), "utf8"))
    .replace("/*CONFIG*/", () => config);
  const library = chartLibrary();
  return (path: string, res: http.ServerResponse): boolean => {
    if (path === "/dashboard" || path === "/dashboard/") {
      res.writeHead(200, {
        ...HEADERS,
        "content-type": "text/html; charset=utf-8",
        "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; script-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:",
      });
      res.end(page);
      return true;
    }
    if (path === "/dashboard/chart.js") {
      res.writeHead(200, { ...HEADERS, "content-type": "text/javascript; charset=utf-8" });
      res.end(library);
      return true;
    }
    return false;
  };
}
