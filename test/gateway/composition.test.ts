// The gateway: health and readiness, composition errors that stop start-up readably, and a
// supergraph loaded from a file that is reloaded on change without dropping requests.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { composeSupergraph, CompositionError, startGateway, type RunningGateway } from "@chapters/gateway";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedTestStack, type TestStack } from "@chapters/stack/testing";

let t: TestStack;
beforeAll(async () => {
  t = await sharedTestStack();
});
afterAll(async () => t?.stop());

const base = (url: string) => url.replace(/\/graphql$/, "");

describe("gateway health", () => {
  it("answers /health and /ready", async () => {
    const health = await fetch(`${base(t.url)}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok" });
    const ready = await fetch(`${base(t.url)}/ready`);
    expect(ready.status).toBe(200);
  });

  it("each subgraph answers /health and /ready too", async () => {
    const ready = await fetch(`${base(t.stack.organization.url)}/ready`);
    expect(ready.status).toBe(200);
  });
});

describe("composition", () => {
  it("a subgraph that clashes with another stops composition with a readable message", async () => {
    const sdl = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])
      type Query { me: Int }`;
    const clash = http.createServer((_req, res) => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ data: { _service: { sdl } } }));
    });
    await new Promise<void>((resolve) => clash.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(clash.address() as AddressInfo).port}/graphql`;
    try {
      const attempt = composeSupergraph([
        { name: "organization", url: t.stack.organization.url },
        { name: "clash", url },
      ]);
      await expect(attempt).rejects.toBeInstanceOf(CompositionError);
      await expect(attempt).rejects.toThrow(/do not compose[\s\S]*Query\.me/);
    } finally {
      clash.close();
    }
  });
});

describe("SUPERGRAPH_PATH: a supergraph composed elsewhere", () => {
  let dir: string;
  let file: string;
  let gateway: RunningGateway;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "chapters-supergraph-"));
    file = path.join(dir, "supergraph.graphql");
    await writeFile(file, await composeSupergraph([{ name: "organization", url: t.stack.organization.url }]));
    gateway = await startGateway({ port: 0, supergraphPath: file });
  });
  afterAll(async () => {
    await gateway?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const ask = async (query: string) => {
    const token = await t.token("HP", "OFFICER");
    const response = await fetch(gateway.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    });
    return (await response.json()) as { data?: any; errors?: unknown[] };
  };

  it("serves queries with the subgraph URLs taken from the file", async () => {
    const res = await ask("{ me { chapter { code } } }");
    expect(res.data.me.chapter.code).toBe("HP");
  });

  it("reloads a changed file while requests keep being answered", async () => {
    const original = await composeSupergraph([{ name: "organization", url: t.stack.organization.url }]);
    // a visible change: the same supergraph with a description on the Query type
    const changed = original.replace(/\ntype Query\b/, '\n"""reloaded"""\ntype Query');
    expect(changed).not.toBe(original);
    const inFlight: Promise<{ data?: any; errors?: unknown[] }>[] = [];
    const load = setInterval(() => inFlight.push(ask("{ me { chapter { code } } }")), 10);
    await writeFile(file, changed);
    let description: string | null = null;
    for (let i = 0; i < 50 && description !== "reloaded"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      description = (await ask(`{ __type(name: "Query") { description } }`)).data?.__type?.description ?? null;
    }
    clearInterval(load);
    expect(description).toBe("reloaded");
    const answers = await Promise.all(inFlight);
    expect(answers.length).toBeGreaterThan(5);
    for (const answer of answers) expect(answer.data?.me?.chapter?.code).toBe("HP");
  });
});
