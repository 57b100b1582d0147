// HA-SUPPORT, HA-NODOUBLE, ORG-FUND: the background completer of chapter-fund gifts (supports/fund.ts).
// A gift recorded while organization could not be reached stays PENDING — counted nowhere — and
// this finishes it without a resend: every few seconds, on a connection of its own (the statements
// counted for requests stay theirs), it runs steps 2 and 3 for each PENDING record, with the same
// ledger reference as the original leg ("humanitarian-support:<id>"), so a completer and a resend
// racing write one line and move the record once. Each completion (or undo, when organization
// refuses) is audited in the transaction that makes it.
//
// Whose authority: the recorder's own. The record keeps the chapter code and role of the officer
// who recorded it (beside their subject), and the completer signs a core internal identity for
// them, so organization applies that officer's slice and rights exactly as it would have on the
// first attempt — the completer can finish only what its recorder could have finished, and the
// ledger line names them. A service identity allowed to write any chapter's fund ledger would have
// been one more credential with the whole country's money in reach, and organization would need a
// second access rule for it; a recorder whose rights ended meanwhile is refused, and the gift is
// undone like any refused first attempt.
import { randomUUID } from "node:crypto";
import { parseRole, serviceLogger, sql, type Identity } from "@chapters/core";
import { connectHumanitarianDatabase } from "../db.ts";
import { completeFundSpending, type FundSaga } from "./fund.ts";

const log = serviceLogger("humanitarian.fund-completer");

/** How often the completer looks for PENDING gifts unless told otherwise (HUMANITARIAN_FUND_COMPLETER_MS). */
export const FUND_COMPLETER_MS = 15_000;

interface PendingGift {
  id: string;
  recordedBy: string;
  recorderChapter: string;
  recorderRole: string;
}

/** One pass: completes every PENDING chapter-fund gift that names its recorder; returns how many
 * this pass moved to RECORDED. Organization unreachable leaves them for the next pass. */
export async function completePendingFundGifts(saga: FundSaga): Promise<number> {
  const pending = await saga.prisma.$queryRaw<PendingGift[]>(sql`
    SELECT id::text AS id, "recordedBy", "recorderChapter", "recorderRole" FROM "SupportRecord"
    WHERE "fundState" = 'PENDING' AND "recorderChapter" IS NOT NULL AND "recorderRole" IS NOT NULL
    ORDER BY "createdAt" LIMIT 100`);
  let completed = 0;
  for (const gift of pending) {
    const role = parseRole(gift.recorderRole);
    if (!role) continue;
    const recorder: Identity = { subject: gift.recordedBy, chapterCode: gift.recorderChapter, role, grants: [] };
    try {
      if (await completeFundSpending(saga, recorder, gift.id, { requestId: `fund-completer:${randomUUID()}` })) completed += 1;
    } catch (error) {
      const code = (error as { extensions?: { code?: string } }).extensions?.code;
      // unreachable: the next pass tries again; a refusal has undone the gift (and is audited)
      if (code === "SERVICE_UNAVAILABLE") {
        log.warn({ supportId: gift.id }, "organization did not answer: the chapter-fund gift stays pending");
        break;
      }
      log.warn({ supportId: gift.id, code }, "organization refused a pending chapter-fund gift: it was undone");
    }
  }
  return completed;
}

export interface FundCompleter {
  stop(): Promise<void>;
}

/** Starts the passes, `everyMs` after the end of the last, on their own connection. */
export function startFundCompleter(options: { databaseUrl: string; organizationUrl: string; everyMs?: number }): FundCompleter {
  const database = connectHumanitarianDatabase(options.databaseUrl, { maxConnections: 1 });
  const saga: FundSaga = { prisma: database.prisma, organizationUrl: options.organizationUrl };
  const everyMs = options.everyMs ?? FUND_COMPLETER_MS;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout;
  const next = () => {
    timer = setTimeout(() => {
      running = pass().finally(() => {
        if (!stopped) next();
      });
    }, everyMs);
    timer.unref();
  };
  async function pass(): Promise<void> {
    try {
      const completed = await completePendingFundGifts(saga);
      if (completed) log.info({ completed }, "pending chapter-fund gifts completed");
    } catch (error) {
      log.error({ err: error }, "the fund completer's pass failed: the next pass tries again");
    }
  }
  next();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      await database.close();
    },
  };
}
