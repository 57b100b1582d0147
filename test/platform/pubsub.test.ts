// The pub/sub interface: in-process by default, Redis across instances (REDIS_URL).
import { createInProcessPubSub, createRedisPubSub, type PubSub } from "@chapters/core";
import { describe, expect, it } from "vitest";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

function nextMessage(pubsub: PubSub, topic: string): Promise<unknown> {
  return new Promise((resolve) => {
    void pubsub.subscribe(topic, (payload) => resolve(payload));
  });
}

describe("pub/sub", () => {
  it("in-process: a subscriber receives what is published, as a copy", async () => {
    const bus = createInProcessPubSub();
    const payload = { units: 3, chapter: "HP" };
    const received = nextMessage(bus, "t1");
    await bus.publish("t1", payload);
    payload.units = 99;
    expect(await received).toEqual({ units: 3, chapter: "HP" });
    await bus.close();
  });

  it("Redis: a message published by one instance reaches a subscriber of another", async () => {
    const a = createRedisPubSub(REDIS_URL);
    const b = createRedisPubSub(REDIS_URL);
    const topic = `chapters-test-${Date.now()}`;
    const received = new Promise<unknown>((resolve) => {
      void b.subscribe(topic, resolve).then(() => a.publish(topic, { hello: "Hải Phòng" }));
    });
    expect(await received).toEqual({ hello: "Hải Phòng" });
    await Promise.all([a.close(), b.close()]);
  });

  it("Redis: after unsubscribing nothing more arrives", async () => {
    const a = createRedisPubSub(REDIS_URL);
    const topic = `chapters-test-unsub-${Date.now()}`;
    const seen: unknown[] = [];
    const unsubscribe = await a.subscribe(topic, (p) => seen.push(p));
    await a.publish(topic, 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await unsubscribe();
    await a.publish(topic, 2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen).toEqual([1]);
    await a.close();
  });
});
