// Core's live feeds (docs/live-and-screens.md) on the real Redis pub/sub: a state source that starts with the
// current state without missing a change made while it is read; bursts coalesced to a few frames
// ending on the final figure; one subscriber leaving does not silence the others (the
// pitfall of @graphql-hive/pubsub 2.2.1, whose RedisPubSub unsubscribes a channel when any local subscriber leaves); a slow subscriber's queue stays bounded.
// The states come from a counter in the test: what is under test is the hub and Redis, not SQL.
import { createBoundedStream, createLiveHub, createRedisPubSub, type LiveHub, type PubSub } from "@chapters/core";
import { afterEach, describe, expect, it } from "vitest";
import { eventually } from "../support/live.ts";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const opened: { hub: LiveHub; pubsub: PubSub }[] = [];
const topicName = () => `chapters-live-test-${process.pid}-${Math.random().toString(36).slice(2)}`;

function open(intervalMs = 100) {
  const pubsub = createRedisPubSub(REDIS_URL);
  const hub = createLiveHub(pubsub, { intervalMs });
  opened.push({ hub, pubsub });
  return { hub, pubsub };
}
afterEach(async () => {
  for (const { hub, pubsub } of opened.splice(0)) {
    await hub.close();
    await pubsub.close();
  }
});

/** Reads everything a stream yields into an array, in the background. */
function collect<T>(stream: AsyncIterator<T>): T[] {
  const seen: T[] = [];
  void (async () => {
    for (;;) {
      const next = await stream.next();
      if (next.done) return;
      seen.push(next.value);
    }
  })();
  return seen;
}

describe("EM-LIVE live feeds", () => {
  it("EM-LIVE: a change published while the current state is being read is not lost", async () => {
    const { hub, pubsub } = open();
    const topic = topicName();
    let figure = 1;
    let reads = 0;
    const stream = await hub.stream({
      topics: [topic],
      key: "k",
      matches: () => true,
      read: async () => {
        const value = figure;
        if (++reads === 1) {
          // another instance commits and publishes while this read is under way
          figure = 2;
          await pubsub.publish(topic, { figure: 2 });
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        return { figure: value };
      },
    });
    const seen = collect(stream);
    await eventually(() => seen.some((s) => s.figure === 2), "the change made during the first read");
    expect(seen[0]).toEqual({ figure: 1 });
  });

  it("EM-LIVE: a burst of 1,000 events becomes a few frames, the last one the final figure", async () => {
    const { hub, pubsub } = open(250);
    const topic = topicName();
    let figure = 0;
    let reads = 0;
    const seen = collect(await hub.stream({ topics: [topic], key: "k", matches: () => true, read: async () => (reads++, { figure }) }));
    await eventually(() => seen.length === 1, "the current state");
    const readsBefore = reads;
    for (let i = 1; i <= 1_000; i++) {
      figure = i;
      void pubsub.publish(topic, { figure: i });
    }
    await eventually(() => seen.at(-1)?.figure === 1_000, "the final figure");
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(seen.at(-1)).toEqual({ figure: 1_000 });
    expect(seen.length).toBeLessThan(12);
    expect(reads - readsBefore).toBeLessThan(12);
  });

  it("EM-LIVE: when one of two subscribers of a topic leaves, the other (same process) still receives", async () => {
    const { hub, pubsub } = open();
    const topic = topicName();
    const figures: Record<string, number> = { a: 0, b: 0 };
    const feed = (key: string) => hub.stream({ topics: [topic], key, matches: (e) => (e as { key: string }).key === key, read: async () => ({ figure: figures[key]! }) });
    const a = await feed("a");
    const b = await feed("b");
    const seenB = collect(b);
    await eventually(() => seenB.length === 1, "b's current state");
    await a.return!();
    figures.b = 7;
    await pubsub.publish(topic, { key: "b" });
    await eventually(() => seenB.at(-1)?.figure === 7, "b's change after a left");
    expect(hub.stats()).toEqual({ feeds: 1, subscribers: 1 });
  });

  it("EM-LIVE: an event published by another instance reaches this one's subscribers", async () => {
    const here = open();
    const there = open();
    const topic = topicName();
    let figure = 0;
    const seen = collect(await here.hub.stream({ topics: [topic], key: "k", matches: () => true, read: async () => ({ figure }) }));
    await eventually(() => seen.length === 1, "the current state");
    figure = 3;
    await there.pubsub.publish(topic, { figure: 3 });
    await eventually(() => seen.at(-1)?.figure === 3, "the other instance's event");
  });

  it("EM-LIVE: a subscriber that does not read keeps only its newest states", async () => {
    let released = false;
    const stream = createBoundedStream<number>(2, () => (released = true));
    for (let i = 1; i <= 10_000; i++) stream.push(i);
    expect((await stream.next()).value).toBe(9_999);
    expect((await stream.next()).value).toBe(10_000);
    await stream.return();
    expect(released).toBe(true);
    expect((await stream.next()).done).toBe(true);
  });
});
