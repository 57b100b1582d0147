// Events between services: in-process by default, Redis when REDIS_URL is set (several instances).
import { EventEmitter } from "node:events";
import { Redis } from "ioredis";

export interface PubSub {
  publish(topic: string, payload: unknown): Promise<void>;
  /** Returns an unsubscribe function. */
  subscribe(topic: string, listener: (payload: unknown) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export function createInProcessPubSub(): PubSub {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    async publish(topic, payload) {
      emitter.emit(topic, structuredClone(payload));
    },
    async subscribe(topic, listener) {
      emitter.on(topic, listener);
      return async () => void emitter.off(topic, listener);
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}

export function createRedisPubSub(url: string): PubSub {
  const publisher = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const subscriber = new Redis(url, { lazyConnect: false });
  const local = new EventEmitter();
  local.setMaxListeners(0);
  subscriber.on("message", (topic: string, message: string) => local.emit(topic, JSON.parse(message)));
  return {
    async publish(topic, payload) {
      await publisher.publish(topic, JSON.stringify(payload));
    },
    async subscribe(topic, listener) {
      if (local.listenerCount(topic) === 0) await subscriber.subscribe(topic);
      local.on(topic, listener);
      return async () => {
        local.off(topic, listener);
        if (local.listenerCount(topic) === 0) await subscriber.unsubscribe(topic);
      };
    },
    async close() {
      local.removeAllListeners();
      await Promise.all([publisher.quit(), subscriber.quit()]);
    },
  };
}

export function createPubSubFromEnv(env: NodeJS.ProcessEnv = process.env): PubSub {
  return env.REDIS_URL ? createRedisPubSub(env.REDIS_URL) : createInProcessPubSub();
}
