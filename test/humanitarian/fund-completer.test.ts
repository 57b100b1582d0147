// docs/domain.md §2 HA-SUPPORT, HA-NODOUBLE, §1 ORG-FUND: a chapter-fund gift recorded while organization
// (the fund ledger's owner) cannot be reached stays PENDING, counted nowhere; once organization is
// back the background completer (subgraphs/humanitarian/src/supports/completer.ts) finishes it with
// no resend — one SPENDING line in the ledger, the gift counted once in humanitarian.value — and
// audits it under the officer it acted for. Organization is stopped and started again on its port,
// as test/gateway/live-resilience.test.ts does with blood. The concurrent race of a completer and
// resends is in races.test.ts (on the PostgreSQL server).
import { startOrganizationSubgraph } from "@chapters/organization";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestStack, type TestStack } from "@chapters/stack/testing";
import { ok } from "../support/emulation.ts";
import { eventually } from "../support/live.ts";

// the completer's passes, every 300 ms in this file (15 s by default)
process.env.HUMANITARIAN_FUND_COMPLETER_MS = "300";

let t: TestStack;
let hum: pg.Pool;
let org: pg.Pool;
let hp: string;
const hpOfficer = { chapter: "HP", role: "OFFICER" as const };
/** the subject of the officer's dev token */
const OFFICER_SUBJECT = "dev-officer@HP";
const admin = { chapter: "TW", role: "ADMIN" as const };
const YEAR = 2026;

beforeAll(async () => {
  t = await startTestStack({ gateway: { registeredOnly: [] } });
  hum = new pg.Pool({ connectionString: t.databaseUrl("humanitarian"), max: 1, options: "-c search_path=humanitarian" });
  org = new pg.Pool({ connectionString: t.databaseUrl("organization"), max: 1, options: "-c search_path=organization" });
  hp = (await hum.query(`SELECT id::text AS id FROM "TreeChapter" WHERE code = 'HP'`)).rows[0].id;
}, 600_000);
afterAll(async () => {
  await hum?.end();
  await org?.end();
  await t?.stop();
});

const SUPPORT = `mutation($i: RecordSupportInput!) { recordSupport(input: $i) { id fundState fundEntryId value } }`;

/** humanitarian.value and the value from funds of Hải Phòng's year, through the gateway. */
async function figures() {
  const r = ok(await t.query(`query($y: Int!) { chapter(code: "HP") { humanitarianFigures(year: $y) { value valueFromFund periodFrom periodTo } } }`, { y: YEAR }, admin));
  return r.chapter.humanitarianFigures as { value: number; valueFromFund: number; periodFrom: string; periodTo: string };
}

/** Independent: the value counted over the rows of Hải Phòng's subtree in the period (a
 * chapter-fund gift counts once its ledger line is written, HA-SUPPORT). */
async function sqlValue(from: string, to: string) {
  const { rows } = await hum.query(
    `SELECT coalesce(sum(s.value), 0)::float8 AS value, coalesce(sum(s.value) FILTER (WHERE s.giver = 'CHAPTER_FUND'), 0)::float8 AS fund
     FROM "SupportRecord" s
     WHERE s."givenOn" BETWEEN $2::date AND $3::date AND (s."fundState" IS NULL OR s."fundState" = 'RECORDED')
       AND s."chapterId" IN (SELECT c."descendantId" FROM "TreeClosure" c WHERE c."ancestorId" = $1 AND c."validTo" IS NULL)`,
    [hp, from, to],
  );
  return { value: rows[0].value as number, valueFromFund: rows[0].fund as number };
}

describe("HA-SUPPORT, ORG-FUND a pending chapter-fund gift completes without a resend", () => {
  it("HA-SUPPORT, HA-NODOUBLE, ORG-FUND: recorded while organization is down, completed in the background once it is back — one ledger line, counted once, audited", async () => {
    const before = await figures();
    expect(before).toEqual({ ...(await sqlValue(before.periodFrom, before.periodTo)), periodFrom: before.periodFrom, periodTo: before.periodTo });

    const gift = {
      giver: "CHAPTER_FUND", chapterId: hp, recipientGroup: "8 hộ bị ngập do triều cường", headCount: 8, kind: "DISASTER_RELIEF", form: "IN_KIND",
      items: "8 suất gạo, nước uống", value: 16_000_000, givenOn: "2026-06-15", reference: "QĐ-77/QĐ-CTĐ",
    };
    const organization = t.stack.services.organization!;
    const port = organization.port;
    await organization.stop();
    const refused = await t.query(SUPPORT, { i: gift }, hpOfficer);
    expect(refused.errors?.[0]?.extensions?.code).toBe("SERVICE_UNAVAILABLE");
    const { rows: held } = await hum.query(`SELECT id::text AS id, "fundState"::text AS state, "recordedBy", "recorderChapter", "recorderRole" FROM "SupportRecord" WHERE "chapterId" = $1 AND reference = $2`, [hp, gift.reference]);
    expect(held).toEqual([{ id: expect.any(String), state: "PENDING", recordedBy: OFFICER_SUBJECT, recorderChapter: "HP", recorderRole: "OFFICER" }]);
    const supportId = held[0].id as string;
    // the completer's passes meanwhile find organization down and leave the gift pending, counted nowhere
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await hum.query(`SELECT "fundState"::text AS state FROM "SupportRecord" WHERE id = $1`, [supportId])).rows).toEqual([{ state: "PENDING" }]);

    const restarted = await startOrganizationSubgraph({
      databaseUrl: t.databaseUrl("organization"),
      port,
      pubsub: t.stack.pubsub,
      migrate: false,
      maxConnections: t.stack.embedded.organization ? 1 : 10,
    });
    t.stack.services.organization = restarted as never;

    // no resend: the completer finishes it
    const done = await eventually(async () => {
      const { rows } = await hum.query(`SELECT "fundState"::text AS state, "fundEntryId"::text AS line FROM "SupportRecord" WHERE id = $1`, [supportId]);
      return rows[0]?.state === "RECORDED" ? rows[0] : null;
    }, "the completer to record the pending gift", 60_000);

    // ORG-FUND: one SPENDING line, naming the support record, written as the officer who recorded it
    const { rows: lines } = await org.query(
      `SELECT id::text AS id, kind::text AS kind, amount::float8 AS amount, "entryDate"::text AS on, "recordedBy" FROM "FundEntry" WHERE "chapterId" = $1 AND reference = $2`,
      [hp, `humanitarian-support:${supportId}`],
    );
    expect(lines).toEqual([{ id: done.line, kind: "SPENDING", amount: 16_000_000, on: "2026-06-15", recordedBy: OFFICER_SUBJECT }]);

    // HA-NODOUBLE: counted once in humanitarian.value, as the rows say
    const after = await figures();
    expect(after.value - before.value).toBe(16_000_000);
    expect(after.valueFromFund - before.valueFromFund).toBe(16_000_000);
    expect({ value: after.value, valueFromFund: after.valueFromFund }).toEqual(await sqlValue(after.periodFrom, after.periodTo));

    // audited in humanitarian, under the officer it acted for and the gift's chapter
    const { rows: audit } = await hum.query(
      `SELECT subject, role, "callerChapter", "chapterId"::text AS chapter, outcome, "operationName" FROM "AuditEntry" WHERE operation = 'completeFundSpending' AND records->>'supportId' = $1`,
      [supportId],
    );
    expect(audit).toEqual([{ subject: OFFICER_SUBJECT, role: "OFFICER", callerChapter: "HP", chapter: hp, outcome: "OK", operationName: "fund-completer" }]);

    // the officer's resend now names the record already counted, and writes nothing
    const resent = await t.query(SUPPORT, { i: gift }, hpOfficer);
    expect(resent.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", supportId });
    expect((await org.query(`SELECT count(*)::int AS n FROM "FundEntry" WHERE reference = $1`, [`humanitarian-support:${supportId}`])).rows).toEqual([{ n: 1 }]);
    expect((await figures()).value).toBe(after.value);
  }, 180_000);
});
