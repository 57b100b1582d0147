// Delivers tree changes written to the outbox (in the same transaction as the change) to the
// pub/sub bus, so no change is lost if the process stops between commit and publish.
import { serviceLogger, type PubSub } from "@chapters/core";
import type { OrgPrisma } from "../db.ts";

const log = serviceLogger("organization.outbox");

export class OutboxRelay {
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly prisma: OrgPrisma,
    private readonly pubsub: PubSub,
  ) {}

  start(intervalMs = 2000): void {
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
    this.kick();
  }

  /** Publishes whatever is pending; called after each commit and on a timer as a safety net. */
  kick(): Promise<void> {
    this.running ??= this.drain().finally(() => (this.running = null));
    return this.running;
  }

  /** The events after `after`, in order, for the other subgraphs' tree replicas. Read on the
   * relay's own connection: replication traffic stays off the pool that serves requests. */
  readEvents(topic: string, after: bigint, first: number) {
    return this.prisma.outboxEvent.findMany({ where: { topic, id: { gt: after } }, orderBy: { id: "asc" }, take: first });
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private async drain(): Promise<void> {
    try {
      const pending = await this.prisma.outboxEvent.findMany({ where: { publishedAt: null }, orderBy: { id: "asc" }, take: 500 });
      for (const event of pending) {
        // the bus carries a doorbell, not the data: replicas pull the events (with their closure
        // rows) from the organization subgraph, in order, and catch up after any gap
        const { replica: _rows, ...notice } = event.payload as { replica?: unknown };
        await this.pubsub.publish(event.topic, { id: event.id.toString(), ...notice });
        await this.prisma.outboxEvent.update({ where: { id: event.id }, data: { publishedAt: new Date() } });
      }
    } catch (error) {
      log.warn({ err: error }, "outbox delivery failed; will retry");
    }
  }
}
