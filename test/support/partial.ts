// What "partial results" means for the Bắc Ninh dashboard of docs/api.md with the blood subgraph down,
// shared by the in-process and the separate-process tests (docs/api.md, "Partial results").
import { expect } from "vitest";
import type { GraphQLResponse } from "@chapters/stack/testing";

/** The Bắc Ninh communes with organization's figures and blood's indicators side by side. */
export const DASHBOARD = `{ chapter(code: "BN") { name children(first: 50, levels: [COMMUNE]) { nodes { name
  figures(year: 2025) { members { members } }
  bloodIndicators(year: 2025) { indicatorCode actual } } } } }`;

/** Anything that would tell a caller where a service runs. */
export const INTERNAL_ADDRESS = /127\.0\.0\.1|localhost|http:|ECONNREFUSED|:\d{4,5}\b/;

/** Organization's part is whole, blood's is null, and every error says blood is not answering
 * (SUBGRAPH_UNAVAILABLE naming it) without an address. */
export function expectDashboardWithoutBlood(res: GraphQLResponse) {
  expect(res.status).toBe(200);
  expect(res.data.chapter.name).toMatch(/Bắc Ninh/);
  const nodes = res.data.chapter.children.nodes as { figures: { members: { members: number } }; bloodIndicators: unknown }[];
  expect(nodes.length).toBeGreaterThan(0);
  for (const node of nodes) {
    expect(node.figures.members.members).toBeGreaterThanOrEqual(0);
    expect(node.bloodIndicators).toBeNull();
  }
  expect(res.errors?.length).toBeGreaterThan(0);
  for (const error of res.errors!) {
    expect(error.extensions).toMatchObject({ code: "SUBGRAPH_UNAVAILABLE", subgraph: "blood" });
    expect(error.message).toMatch(/blood service is not answering/);
    expect(JSON.stringify(error)).not.toMatch(INTERNAL_ADDRESS);
  }
}
