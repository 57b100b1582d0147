// The gateway's public surface (docs/api.md): trusted documents for PARTNER and SCREEN callers, CSRF
// prevention, introspection switched off for production, Prometheus metrics, a request id carried
// to the subgraphs with the identity signed for each, and the offline explorer.
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { INTERNAL_IDENTITY_HEADER } from "@chapters/core";
import { startGateway, type RunningGateway, composeSupergraph, SupergraphError, MANIFEST_PATH, type PersistedManifest, buildManifest } from "@chapters/gateway";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestStack, type TestStack } from "@chapters/stack/testing";

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack();
});
afterAll(async () => t?.stop());

const manifest = JSON.parse(readFileSync(MANIFEST_PATH, "utf8")) as PersistedManifest;
const idOf = (name: string) => manifest.operations.find((op) => op.name === name)!.id;
const base = () => t.url.replace(/\/graphql$/, "");

async function post(body: unknown, token: string | null, headers: Record<string, string> = {}, url = t.url) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as { data?: any; errors?: { message: string; extensions?: any }[] } };
}

const persisted = (name: string, variables: Record<string, unknown>) => ({
  variables,
  extensions: { persistedQuery: { version: 1, sha256Hash: idOf(name) } },
});

describe("trusted documents", () => {
  const partner = () => t.token("HP", "PARTNER", ["blood-stock"]);

  it("a partner's ad-hoc query is refused before any subgraph is called", async () => {
    const before = t.statements("blood");
    const res = await post({ query: '{ bloodStock(from: "2025-01-01", to: "2025-12-31") { units } }' }, await partner());
    expect(res.status).toBe(403);
    expect(res.body.errors?.[0]?.extensions?.code).toBe("PERSISTED_ONLY");
    expect(res.body.data ?? null).toBeNull();
    expect(t.statements("blood")).toBe(before);
  });

  it("a partner's registered operation runs, by Apollo hash or by documentId", async () => {
    const byHash = await post(persisted("PartnerBloodStock", { from: "2025-01-01", to: "2025-12-31" }), await partner());
    expect(byHash.body.errors).toBeUndefined();
    expect(byHash.body.data.bloodStock.length).toBeGreaterThan(0);
    const byId = await post({ documentId: idOf("PartnerBloodStock"), variables: { from: "2025-01-01", to: "2025-12-31" } }, await partner());
    expect(byId.body.data).toEqual(byHash.body.data);
  });

  it("a screen runs its registered operation and nothing else", async () => {
    const screen = await t.token("BN", "SCREEN");
    const registered = await post(persisted("ScreenBloodIndicators", { code: "BN", year: 2025 }), screen);
    expect(registered.body.errors).toBeUndefined();
    expect(registered.body.data.chapter.bloodIndicators.length).toBeGreaterThan(0);
    const adHoc = await post({ query: '{ chapter(code: "BN") { name } }' }, screen);
    expect(adHoc.body.errors?.[0]?.extensions?.code).toBe("PERSISTED_ONLY");
  });

  it("an unknown id is refused", async () => {
    const res = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } }, await partner());
    expect(res.body.errors?.[0]?.extensions?.code).toBe("PERSISTED_QUERY_NOT_FOUND");
  });

  it("the Society's own users keep ad-hoc queries", async () => {
    for (const role of ["ADMIN", "OFFICER", "VIEWER"] as const) {
      const res = await post({ query: "{ me { role } }" }, await t.token("HP", role));
      expect(res.body.data?.me?.role).toBe(role);
    }
  });

  it("the manifest is up to date with gateway/persisted/*.graphql, and every registered operation is valid", async () => {
    expect(buildManifest()).toEqual(manifest);
    const admin = await t.token("TW", "ADMIN");
    const variables: Record<string, Record<string, unknown>> = {
      PartnerBloodStock: { from: "2025-01-01", to: "2025-12-31" },
      PartnerChapterFigures: { code: "BN", year: 2025 },
      ScreenBloodIndicators: { code: "BN", year: 2025 },
      PartnerEmulationResults: { code: "AG", year: 2024 },
      PartnerHumanitarianIndicators: { code: "DN", year: 2025 },
      // the example dashboard's operations (/dashboard)
      DashboardChapters: { search: "bac ninh", first: 5 },
      DashboardTree: { code: "BN", first: 10 },
      DashboardOrganizationFigures: { code: "BN", year: 2025, restated: false, first: 10 },
      DashboardBloodFigures: { code: "BN", year: 2025, restated: true, first: 10 },
      DashboardHumanitarianFigures: { code: "BN", year: 2025, restated: false, first: 10 },
      DashboardEmulationClasses: { code: "AG", year: 2024, first: 10 },
      DashboardCampaigns: { year: 2025, first: 10 },
      ScreenCeremonyHonours: { id: (await post({ query: '{ chapter(code: "TN") { emulationConferences { id } } }' }, admin)).body.data.chapter.emulationConferences[0].id },
    };
    const nothing = "00000000-0000-4000-8000-000000000000";
    for (const op of manifest.operations) {
      if (op.type === "subscription") {
        // a live screen's stream (EM-LIVE), run once over HTTP for an id that does not exist: a
        // valid document reaches the subgraph, which answers NOT_FOUND
        const response = await fetch(t.url, {
          method: "POST",
          headers: { "content-type": "application/json", accept: "text/event-stream", authorization: `Bearer ${admin}` },
          body: JSON.stringify(persisted(op.name, { campaignId: nothing, driveId: nothing, ceremonyId: nothing, ...(op.name.startsWith("Dashboard") ? { chapterId: nothing, year: 2025 } : {}) })),
        });
        const events = (await response.text()).split("\n").filter((line) => line.startsWith("data: {")).map((line) => JSON.parse(line.slice(6)));
        expect(events.flatMap((e) => e.errors ?? []).map((e: { extensions?: { code?: string } }) => e.extensions?.code), op.name).toEqual(["NOT_FOUND"]);
        continue;
      }
      const res = await post(persisted(op.name, variables[op.name] ?? {}), admin);
      expect(res.body.errors, op.name).toBeUndefined();
    }
  });
});

describe("CSRF prevention and introspection", () => {
  it("a GET without a JSON content type or a CSRF header is refused; with the header it runs", async () => {
    const token = await t.token("HP", "OFFICER");
    const url = `${t.url}?query=${encodeURIComponent("{ me { role } }")}`;
    const plain = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: "application/json" } });
    expect(plain.status).toBe(403);
    const marked = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: "application/json", "x-graphql-csrf": "1" } });
    expect(marked.status).toBe(200);
    expect(((await marked.json()) as any).data.me.role).toBe("OFFICER");
  });

  it("introspection answers by default and is refused when switched off (production)", async () => {
    const open = await t.query("{ __schema { queryType { name } } }");
    expect(open.data.__schema.queryType.name).toBe("Query");
    const closed = await startGateway({ port: 0, subgraphs: Object.values(t.stack.services).map((s) => ({ name: s.name, url: s.url })), introspection: false });
    try {
      const res = await post({ query: "{ __schema { queryType { name } } }" }, await t.token("TW", "ADMIN"), {}, closed.url);
      expect(res.body.data ?? null).toBeNull();
      expect(res.body.errors?.[0]?.message).toMatch(/introspection/i);
      expect((await post({ query: "{ me { role } }" }, await t.token("TW", "ADMIN"), {}, closed.url)).body.data.me.role).toBe("ADMIN");
    } finally {
      await closed.stop();
    }
  });
});

describe("observability", () => {
  it("serves Prometheus metrics per operation and per subgraph", async () => {
    await post({ query: "query DashboardProbe { me { role } }", operationName: "DashboardProbe" }, await t.token("HP", "OFFICER"));
    const response = await fetch(`${base()}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    // an ad-hoc operation's name is the caller's choice, so the label says "ad-hoc" (docs/security.md: bounded labels)
    expect(text).toMatch(/graphql_yoga_http_duration_bucket\{[^}]*operationName="ad-hoc"/);
    expect(text).not.toContain("DashboardProbe");
    expect(text).toMatch(/graphql_gateway_subgraph_execute_duration_bucket\{[^}]*subgraphName="organization"/);
  });

  describe("a request id and the identity reach the subgraph", () => {
    const seen: http.IncomingHttpHeaders[] = [];
    let proxy: http.Server;
    let gateway: RunningGateway;
    let dir: string;
    beforeAll(async () => {
      // a real hop in front of organization that notes the headers it is given
      const target = new URL(t.stack.organization.url);
      proxy = http.createServer((req, res) => {
        seen.push(req.headers);
        const upstream = http.request({ host: target.hostname, port: target.port, path: target.pathname, method: req.method, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        req.pipe(upstream);
      });
      await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
      const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/graphql`;
      dir = await mkdtemp(path.join(os.tmpdir(), "chapters-proxy-"));
      const file = path.join(dir, "supergraph.graphql");
      const sdl = await composeSupergraph([{ name: "organization", url: t.stack.organization.url }]);
      await writeFile(file, sdl.replace(t.stack.organization.url, proxyUrl));
      gateway = await startGateway({ port: 0, supergraphPath: file });
    });
    afterAll(async () => {
      await gateway?.stop();
      proxy?.close();
      await rm(dir, { recursive: true, force: true });
    });

    it("passes the caller's x-request-id on and echoes it, with an identity signed for organization alone", async () => {
      const res = await post({ query: "{ me { role } }" }, await t.token("HP", "OFFICER"), { "x-request-id": "req-issue-10" }, gateway.url);
      expect(res.body.data.me.role).toBe("OFFICER");
      expect(res.headers.get("x-request-id")).toBe("req-issue-10");
      const last = seen.at(-1)!;
      expect(last["x-request-id"]).toBe("req-issue-10");
      const identity = last[INTERNAL_IDENTITY_HEADER] as string;
      const claims = JSON.parse(Buffer.from(identity.split(".")[1]!, "base64url").toString()) as { aud: string; chapter: string; exp: number; iat: number };
      expect(claims).toMatchObject({ aud: "organization", chapter: "HP" });
      expect(claims.exp - claims.iat).toBe(60);
      expect(last.authorization).toBeUndefined();
    });

    it("makes up a request id when the caller sends none", async () => {
      const res = await post({ query: "{ me { role } }" }, await t.token("HP", "OFFICER"), {}, gateway.url);
      const id = res.headers.get("x-request-id");
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(seen.at(-1)!["x-request-id"]).toBe(id);
    });
  });
});

describe("start-up errors", () => {
  it("a SUPERGRAPH_PATH that is missing or not GraphQL stops start-up with a readable message", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "chapters-bad-"));
    try {
      await expect(startGateway({ port: 0, supergraphPath: path.join(dir, "none.graphql") })).rejects.toThrow(
        /SUPERGRAPH_PATH=.*none\.graphql cannot be used: no such file\./,
      );
      const broken = path.join(dir, "broken.graphql");
      await writeFile(broken, "type Query {");
      const attempt = startGateway({ port: 0, supergraphPath: broken });
      await expect(attempt).rejects.toBeInstanceOf(SupergraphError);
      await expect(attempt).rejects.toThrow(/cannot be used: Syntax Error/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("explorer", () => {
  it("GET /graphql in a browser opens GraphiQL served by the gateway, with nothing loaded from elsewhere", async () => {
    const response = await fetch(t.url, { headers: { accept: "text/html" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/text\/html/);
    const html = await response.text();
    expect(html).toMatch(/graphiql/i);
    expect(html).not.toMatch(/<script[^>]+src=["']https?:/i);
    expect(html).not.toMatch(/<link[^>]+href=["']https?:/i);
    expect(html).not.toMatch(/unpkg\.com|jsdelivr|esm\.sh|apollographql\.com/);
  });

  it("prefills the headers it is given (the dev token in npm start)", async () => {
    const gateway = await startGateway({
      port: 0,
      subgraphs: Object.values(t.stack.services).map((s) => ({ name: s.name, url: s.url })),
      explorer: { headers: { authorization: "Bearer dev-token-for-the-explorer" } },
    });
    try {
      const html = await (await fetch(gateway.url, { headers: { accept: "text/html" } })).text();
      expect(html).toContain("dev-token-for-the-explorer");
    } finally {
      await gateway.stop();
    }
  });
});
