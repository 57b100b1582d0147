// Progress events for live screens (HA-CAMPAIGNS, EM-LIVE): every change that moves a campaign's
// progress publishes the campaign's running totals after commit, so nobody sees an event whose
// write was rolled back. Subscribers: the live-subscription issue streams them.
import { serviceLogger, type PubSub } from "@chapters/core";

export const CAMPAIGN_PROGRESS_TOPIC = "humanitarian.campaign.progress";

export interface CampaignProgressEvent {
  campaignId: string;
  /** what moved it: a support recorded */
  cause: "SUPPORT_RECORDED";
  supportId: string;
  chapterId: string;
  /** the whole campaign's running totals after the change (VND as a string of digits: exact) */
  totals: { value: string; addressesSupported: number; peopleHelped: number; supports: number };
}

const log = serviceLogger("humanitarian.events");

/** A lost event must not fail the write that already committed: it is logged instead. */
export async function publishAfterCommit(pubsub: PubSub, topic: string, payload: CampaignProgressEvent): Promise<void> {
  await pubsub.publish(topic, payload).catch((error: unknown) => log.warn({ err: error, topic }, "could not publish a humanitarian event"));
}
