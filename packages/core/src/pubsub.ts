// Events between services: in-process by default, Redis when REDIS_URL is set (several instances).
// Each event travels with the trace context of the request that published it (W3C traceparent,
// docs/tracing.md), so the live reads it causes on every screen's feed join that request's trace.
import { EventEmitter } from "node:events";
import { Redis } from "ioredis";
import { traceHeaders } from "./telemetry/tracing.ts";

/** W3C trace headers of the publishing request; empty when tracing is off. */
export type TraceCarrier = Record<string, string>;

export type PubSubListener = (payload: unknown, trace: TraceCarrier) => void;

export interface PubSub {
  publish(topic: string, payload: unknown): Promise<void>;
  /** Returns an unsubscribe function. */
  subscribe(topic: string, listener: PubSubListener): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** What goes on the wire: the payload as published, and the publisher's trace context. */
interface Envelope {
  payload: unknown;
  trace: TraceCarrier;
}

export function createInProcessPubSub(): PubSub {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    async publish(topic, payload) {
      emitter.emit(topic, structuredClone(payload), traceHeaders());
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
  subscriber.on("message", (topic: string, message: string) => {
    const envelope = JSON.parse(message) as Envelope;
    local.emit(topic, envelope.payload, envelope.trace ?? {});
  });
  return {
    async publish(topic, payload) {
      const envelope: Envelope = { payload, trace: traceHeaders() };
      await publisher.publish(topic, JSON.stringify(envelope));
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
