// Ceremony events for the live screens (EM-LIVE): marking an honouree announced publishes the
// ceremony's running honouring list after commit, so no screen shows an announcement that was
// rolled back. The live-subscription work streams this topic to the hall's screens.
import { serviceLogger, type PubSub } from "@chapters/core";

export const HONOURS_TOPIC = "emulation.ceremony.honours";

export interface HonoursEvent {
  conferenceId: string;
  chapterId: string;
  /** the honouree just announced */
  announced: { id: string; position: number; name: string; kind: string; citation: string; chapterId: string; title: string | null; commendation: string | null; announcedAt: string };
  /** every honouree announced so far, in announcement order */
  running: { id: string; position: number; name: string; kind: string; announcedAt: string }[];
  announcedCount: number;
  totalCount: number;
}

const log = serviceLogger("emulation.events");

/** A lost event must not fail the write that already committed: it is logged instead. */
export async function publishHonours(pubsub: PubSub, payload: HonoursEvent): Promise<void> {
  await pubsub.publish(HONOURS_TOPIC, payload).catch((error: unknown) => log.warn({ err: error, topic: HONOURS_TOPIC }, "could not publish a ceremony event"));
}
