// Live feeds (docs/live-and-screens.md, "Adding a live field"): the source behind every subgraph `Subscription` field. One feed per
// thing watched (a drive, a campaign under a chapter, a ceremony) per process, however many
// screens watch it: one pub/sub listener, one database read per coalesced burst, fanned out to
// each subscriber's bounded queue. A new subscriber gets the current state first; the feed
// subscribes to the pub/sub *before* it reads that state, so a change made in between is not
// missed (it only causes one more read).
//
// Extension point: a subgraph adds a live field by naming a topic, a key, which events concern
// it and how to read its state — e.g. emulation's `ceremonyHonours(ceremonyId)` is
//   hub.stream({ topics: ["emulation.ceremony.honours"], key: `ceremony|${id}`,
//                matches: (e) => e.ceremonyId === id, read: () => honoursSoFar(db, id) })
import type { PubSub, TraceCarrier } from "../pubsub.ts";
import { inSpanCausedBy } from "../telemetry/tracing.ts";
import { createBoundedStream, type BoundedStream } from "./bounded-stream.ts";
import { createCoalescer, type Coalescer } from "./coalesce.ts";

export interface LiveFeedSpec<State> {
  /** pub/sub topics whose events may change the state */
  topics: string[];
  /** identifies the state watched; subscribers with the same key share one feed */
  key: string;
  /** whether an event concerns this state (false: ignored without a read) */
  matches(event: unknown): boolean;
  /** the whole current state, read from the database; null when there is nothing (yet) to show */
  read(): Promise<State | null>;
}

export interface LiveHubOptions {
  /** at most one read and one frame per feed per interval (default 250 ms: 4 a second) */
  intervalMs?: number;
  /** states kept per slow subscriber (default 2) */
  bufferPerSubscriber?: number;
}

/** Trace contexts kept per feed between two reads (a burst's first few are enough to follow it). */
const CAUSES_KEPT = 8;

interface Feed {
  subscribers: Set<BoundedStream<unknown>>;
  /** the trace contexts of the events since the last read (docs/tracing.md) */
  causes: TraceCarrier[];
  latest: { json: string; state: unknown } | null;
  coalescer: Coalescer;
  ready: Promise<void>;
  unsubscribe: () => Promise<void>;
}

export interface LiveHub {
  /** A stream of states: the current one first, then each change (coalesced). */
  stream<State>(spec: LiveFeedSpec<State>): Promise<AsyncIterableIterator<State>>;
  /** feeds open and their subscribers (for metrics and tests) */
  stats(): { feeds: number; subscribers: number };
  close(): Promise<void>;
}

export function createLiveHub(pubsub: PubSub, options: LiveHubOptions = {}): LiveHub {
  const intervalMs = options.intervalMs ?? 250;
  const capacity = options.bufferPerSubscriber ?? 2;
  const feeds = new Map<string, Feed>();

  function openFeed(spec: LiveFeedSpec<unknown>): Feed {
    const feed: Feed = {
      subscribers: new Set(),
      causes: [],
      latest: null,
      // one read per burst, in the trace of the writes that caused it
      coalescer: createCoalescer(intervalMs, () =>
        inSpanCausedBy("live read", feed.causes.splice(0), { "chapters.live.topics": spec.topics.join(","), "chapters.live.subscribers": feed.subscribers.size }, async () => {
          const state = await spec.read();
          if (state === null) return;
          const json = JSON.stringify(state, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v)); // money is bigint
          if (feed.latest?.json === json) return; // nothing a screen would see changed
          feed.latest = { json, state };
          for (const subscriber of feed.subscribers) subscriber.push(state);
        }),
      ),
      ready: Promise.resolve(),
      unsubscribe: async () => undefined,
    };
    const listener = (event: unknown, trace: TraceCarrier) => {
      if (!spec.matches(event)) return;
      if (trace.traceparent && feed.causes.length < CAUSES_KEPT) feed.causes.push(trace);
      feed.coalescer.poke();
    };
    feed.ready = (async () => {
      const unsubscribes = await Promise.all(spec.topics.map((topic) => pubsub.subscribe(topic, listener)));
      feed.unsubscribe = async () => void (await Promise.all(unsubscribes.map((u) => u())));
    })();
    // a pub/sub that could not subscribe (Redis away) must not poison the key for later subscribers
    feed.ready.catch(() => {
      if (feeds.get(spec.key) === feed) feeds.delete(spec.key);
      feed.coalescer.stop();
    });
    feeds.set(spec.key, feed);
    return feed;
  }

  function leave(key: string, feed: Feed, subscriber: BoundedStream<unknown>) {
    feed.subscribers.delete(subscriber);
    if (feed.subscribers.size > 0 || feeds.get(key) !== feed) return;
    feeds.delete(key);
    feed.coalescer.stop();
    void feed.ready.then(() => feed.unsubscribe()).catch(() => undefined);
  }

  return {
    async stream<State>(spec: LiveFeedSpec<State>) {
      const feed = feeds.get(spec.key) ?? openFeed(spec as LiveFeedSpec<unknown>);
      const subscriber: BoundedStream<unknown> = createBoundedStream(capacity, () => leave(spec.key, feed, subscriber));
      feed.subscribers.add(subscriber);
      try {
        await feed.ready;
      } catch (error) {
        void subscriber.return();
        throw error;
      }
      if (feed.latest) subscriber.push(feed.latest.state);
      // read afresh even when a state is cached: a change nobody published (a correction by hand)
      // reaches everyone; an unchanged state sends nothing
      feed.coalescer.poke();
      return subscriber as BoundedStream<State>;
    },
    stats() {
      let subscribers = 0;
      for (const feed of feeds.values()) subscribers += feed.subscribers.size;
      return { feeds: feeds.size, subscribers };
    },
    async close() {
      for (const feed of [...feeds.values()]) for (const s of [...feed.subscribers]) await s.return();
    },
  };
}
