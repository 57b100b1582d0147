// A live province dashboard in a terminal (docs/live-and-screens.md): subscribes through the gateway to a
// chapter's blood units for a year (bloodUnits) and, if asked, to a campaign's progress under it
// (campaignProgress), and prints each new figure as it arrives. The same subscriptions serve a
// web dashboard (graphql-ws at /graphql, or SSE with Accept: text/event-stream).
//
//   npm run live:dashboard -- --chapter BN [--year 2026] [--campaign <id>] [--url http://localhost:4000/graphql]
//   (TOKEN=… for a real token; without it a dev OFFICER token for the chapter is signed)
import { parseArgs } from "node:util";
import { signDevUserToken } from "@chapters/core";
import { createClient } from "graphql-ws";
import WebSocket from "ws";

const { values } = parseArgs({
  options: {
    chapter: { type: "string", default: "BN" },
    year: { type: "string", default: String(new Date().getFullYear()) },
    campaign: { type: "string" },
    url: { type: "string", default: "http://localhost:4000/graphql" },
  },
});
const token = process.env.TOKEN ?? (await signDevUserToken({ chapter: values.chapter.split(".")[0]!.toUpperCase(), role: "OFFICER" }));
const lookup = await fetch(values.url, {
  method: "POST",
  headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
  body: JSON.stringify({ query: `query($c: String!) { chapter(code: $c) { id name } }`, variables: { c: values.chapter.toUpperCase() } }),
});
const chapter = ((await lookup.json()) as { data?: { chapter?: { id: string; name: string } } }).data?.chapter;
if (!chapter) throw new Error(`No chapter ${values.chapter} in your part of the tree.`);

const client = createClient({
  url: values.url.replace(/^http/, "ws"),
  webSocketImpl: WebSocket,
  connectionParams: { authorization: `Bearer ${token}` },
  retryAttempts: Infinity, // a dashboard on a wall keeps trying
  shouldRetry: () => true,
});
const number = new Intl.NumberFormat("vi-VN");
const stamp = () => new Date().toLocaleTimeString("vi-VN");
const print = (line: string) => console.log(`${stamp()}  ${line}`);

client.subscribe(
  { query: `subscription($c: ID!, $y: Int!) { bloodUnits(chapterId: $c, year: $y) { units donations chapter { name } } }`, variables: { c: chapter.id, y: Number(values.year) } },
  {
    next: ({ data, errors }) => {
      if (errors) return print(`lỗi: ${errors.map((e) => e.message).join("; ")}`);
      const u = (data as { bloodUnits: { units: number; donations: number; chapter: { name: string } } }).bloodUnits;
      print(`${u.chapter.name} — hiến máu ${values.year}: ${number.format(u.units)} đơn vị, ${number.format(u.donations)} lượt`);
    },
    error: (error) => print(`mất kết nối: ${String(error)}`),
    complete: () => print("luồng đã kết thúc"),
  },
);
if (values.campaign) {
  client.subscribe(
    { query: `subscription($k: ID!, $c: ID) { campaignProgress(campaignId: $k, chapterId: $c) { campaign { name } value supports peopleHelped } }`, variables: { k: values.campaign, c: chapter.id } },
    {
      next: ({ data, errors }) => {
        if (errors) return print(`lỗi: ${errors.map((e) => e.message).join("; ")}`);
        const p = (data as { campaignProgress: { campaign: { name: string }; value: string; supports: number; peopleHelped: number } }).campaignProgress;
        print(`${p.campaign.name}: ${number.format(Number(p.value))} ₫, ${p.supports} lượt hỗ trợ, ${p.peopleHelped} người được giúp`);
      },
      error: (error) => print(`mất kết nối: ${String(error)}`),
      complete: () => print("luồng đã kết thúc"),
    },
  );
}
print(`đang theo dõi ${chapter.name} (Ctrl-C để dừng)`);
