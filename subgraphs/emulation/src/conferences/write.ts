// EM-CONFERENCE, EM-LIVE writes. The delegate quota holds under concurrency: the conference row
// is locked before the count, so twenty officers adding the last seat at once get one seat and
// nineteen CONFLICTs. A quota cannot exceed the ceiling a chapter's document states for the
// level (Thái Nguyên, seed 003: 50 / 150 / 250), found on the nearest chapter at or above the
// conference's chapter that states one. Announcing an honouree publishes the running list after
// commit (events.ts).
import { badInputFields, conflict, inForce, lockRows, notFound, sql, todayInVietnam } from "@chapters/core";
import { requireInSlice } from "../access/slice.ts";
import type { HonoursEvent } from "../events.ts";
import { conferenceLevelLabels, segmentKindLabels } from "../labels.ts";
import type { Tx } from "../write/transaction.ts";
import type { SegmentRow } from "./read.ts";

type Level = "BASE" | "DISTRICT" | "PROVINCE";

/** The ceiling for a level at a chapter: the nearest rule at or above it (null: none stated). */
async function ceiling(tx: Tx, chapterId: string, level: Level, on: Date): Promise<{ maxDelegates: number; source: string } | null> {
  const [rule] = await tx.$queryRaw<{ maxDelegates: number; source: string }[]>(sql`SELECT r."maxDelegates", r.source
    FROM "TreeClosure" up JOIN "ConferenceQuotaRule" r ON r."chapterId" = up."ancestorId" AND r.level::text = ${level}
    WHERE up."descendantId" = ${chapterId}::uuid AND ${inForce("up", on)} ORDER BY up.depth LIMIT 1`);
  return rule ?? null;
}

/** EM-CONFERENCE: the chapter level that hosts each conference level (a base conference is a
 * base chapter's: a commune's, or an affiliated chapter's in a school, hospital or agency). */
const HOSTS: Record<Level, string[]> = { BASE: ["COMMUNE", "AFFILIATED"], DISTRICT: ["DISTRICT"], PROVINCE: ["PROVINCE"] };

/** The host chapter as organization holds it on the conference's day. */
export interface ConferenceHost {
  code: string;
  level: string;
}

export interface ConferenceInput {
  chapterId: string;
  level: Level;
  title: string;
  heldOn: Date;
  delegateQuota?: number | null;
  segments?: { kind: SegmentRow["kind"]; title?: string | null }[] | null;
}

/** The seed's programme, in order (EM-CONFERENCE). */
export const DEFAULT_PROGRAMME = Object.keys(segmentKindLabels) as SegmentRow["kind"][];

/** The day a conference's chapter is read on: its day, or today for one still to come. */
export const conferenceDay = (heldOn: Date) => (heldOn < todayInVietnam() ? heldOn : todayInVietnam());

export async function createConference(tx: Tx, roots: string[], by: string, input: ConferenceInput, host: ConferenceHost | null): Promise<string> {
  const on = conferenceDay(input.heldOn);
  await requireInSlice(tx, roots, input.chapterId, on);
  // EM-CONFERENCE: the conference's level is its host's (a commune cannot host a 250-delegate province conference)
  if (!host) throw notFound(`No chapter ${input.chapterId} in your part of the tree on ${on.toISOString().slice(0, 10)}.`);
  if (!HOSTS[input.level].includes(host.level)) {
    throw badInputFields([{
      field: "level",
      message: `a ${input.level} conference (${conferenceLevelLabels[input.level]}) is hosted by a ${HOSTS[input.level].join(" or ")} chapter, but ${host.code} is a ${host.level} chapter: choose the level of its host, or host it at the chapter of that level`,
    }]);
  }
  const rule = await ceiling(tx, input.chapterId, input.level, on);
  const quota = input.delegateQuota ?? rule?.maxDelegates;
  if (!quota) throw badInputFields([{ field: "delegateQuota", message: "no document above this chapter states a ceiling for this level: give the quota" }]);
  if (rule && quota > rule.maxDelegates) {
    throw badInputFields([{ field: "delegateQuota", message: `at most ${rule.maxDelegates} delegates at this level (${rule.source})` }]);
  }
  const conference = await tx.conference.create({ data: { chapterId: input.chapterId, level: input.level, title: input.title, heldOn: input.heldOn, delegateQuota: quota, createdBy: by } });
  const segments = input.segments?.length ? input.segments : DEFAULT_PROGRAMME.map((kind) => ({ kind, title: null }));
  await tx.conferenceSegment.createMany({ data: segments.map((s, i) => ({ conferenceId: conference.id, position: i + 1, kind: s.kind, title: s.title ?? segmentKindLabels[s.kind] })) });
  return conference.id;
}

/** Locks the conference and checks the caller's slice holds its chapter. */
async function lockConference(tx: Tx, roots: string[], conferenceId: string) {
  if (!(await lockRows(tx, "Conference", [conferenceId])).length) throw notFound(`No conference ${conferenceId}.`);
  const conference = (await tx.conference.findUnique({ where: { id: conferenceId } }))!;
  await requireInSlice(tx, roots, conference.chapterId, conference.heldOn < todayInVietnam() ? conference.heldOn : todayInVietnam(), "conference");
  return conference;
}

/** A delegate picked from a lower level's exemplars; refused past the quota (CONFLICT). */
export async function addDelegate(tx: Tx, roots: string[], by: string, input: { conferenceId: string; fullName: string; fromChapterId: string; exemplar: string }): Promise<string> {
  const conference = await lockConference(tx, roots, input.conferenceId);
  const below = await tx.$queryRaw<unknown[]>(sql`SELECT 1 FROM "TreeClosure" c WHERE c."ancestorId" = ${conference.chapterId}::uuid
    AND c."descendantId" = ${input.fromChapterId}::uuid AND c.depth > 0 AND ${inForce("c", conference.heldOn < todayInVietnam() ? conference.heldOn : todayInVietnam())}`);
  if (!below.length) throw badInputFields([{ field: "fromChapterId", message: "delegates come from the exemplars of the levels below the conference's chapter" }]);
  const count = await tx.delegate.count({ where: { conferenceId: conference.id } });
  if (count >= conference.delegateQuota) {
    throw conflict(`The conference is full: its quota is ${conference.delegateQuota} delegates and all ${count} seats are taken. Remove a delegate first, or pick this one for another conference.`, { quota: conference.delegateQuota });
  }
  const delegate = await tx.delegate.create({ data: { conferenceId: conference.id, fullName: input.fullName, fromChapterId: input.fromChapterId, exemplar: input.exemplar, addedBy: by } });
  return delegate.id;
}

/** EM-CONFERENCE: the level whose conference a conference sends its delegates to. */
const NEXT_LEVEL: Record<Level, Level | null> = { BASE: "DISTRICT", DISTRICT: "PROVINCE", PROVINCE: null };

export interface DelegationInput {
  /** the conference approving its delegation (its DELEGATE_APPROVAL segment) */
  conferenceId: string;
  /** the next level's conference the delegates go to */
  toConferenceId: string;
  delegates: { fullName: string; fromChapterId: string; exemplar: string }[];
}

/** EM-CONFERENCE (seed 003 §II.3, "Thông qua danh sách đại biểu đi dự Hội nghị điển hình tiên tiến
 * cấp trên"): a conference approves its own delegation to the next level's conference — the
 * conference of the level above, hosted by a chapter above its own, held on or after it — all or
 * nothing, within that conference's quota. The approving conference's chapter records it (its
 * officers, or a level above); the upper conference's row is locked before the count, so two
 * delegations racing for the last seats cannot overfill it. */
export async function approveDelegation(tx: Tx, roots: string[], by: string, input: DelegationInput): Promise<number> {
  if (!(await tx.conference.findUnique({ where: { id: input.toConferenceId }, select: { id: true } }))) throw notFound(`No conference ${input.toConferenceId}.`);
  // the upper conference first, then the approving one: one lock order for every delegation
  await lockRows(tx, "Conference", [input.toConferenceId]);
  const lower = await lockConference(tx, roots, input.conferenceId);
  const upper = (await tx.conference.findUnique({ where: { id: input.toConferenceId } }))!;
  const next = NEXT_LEVEL[lower.level];
  if (upper.level !== next) {
    throw badInputFields([{
      field: "toConferenceId",
      message: next
        ? `a ${lower.level} conference (${conferenceLevelLabels[lower.level]}) sends its delegates to a ${next} conference (${conferenceLevelLabels[next]}), not to a ${upper.level} one`
        : `a ${lower.level} conference (${conferenceLevelLabels[lower.level]}) is the highest level: it sends no delegation upward`,
    }]);
  }
  const segments = await tx.conferenceSegment.count({ where: { conferenceId: lower.id, kind: "DELEGATE_APPROVAL" } });
  if (!segments) throw badInputFields([{ field: "conferenceId", message: "this conference's programme has no approval of delegates (DELEGATE_APPROVAL): add the segment to its programme first" }]);
  if (upper.heldOn < lower.heldOn) throw badInputFields([{ field: "toConferenceId", message: `that conference was held on ${upper.heldOn.toISOString().slice(0, 10)}, before this one (${lower.heldOn.toISOString().slice(0, 10)}): a delegation goes to a conference still to come` }]);
  const on = conferenceDay(lower.heldOn);
  const [placed] = await tx.$queryRaw<{ below: boolean; outside: string[] }[]>(sql`SELECT
      EXISTS (SELECT 1 FROM "TreeClosure" c WHERE c."ancestorId" = ${upper.chapterId}::uuid AND c."descendantId" = ${lower.chapterId}::uuid AND c.depth > 0 AND ${inForce("c", on)}) AS below,
      coalesce((SELECT array_agg(f.id::text) FROM unnest(${input.delegates.map((d) => d.fromChapterId)}::uuid[]) AS f(id)
        WHERE NOT EXISTS (SELECT 1 FROM "TreeClosure" c WHERE c."ancestorId" = ${lower.chapterId}::uuid AND c."descendantId" = f.id AND ${inForce("c", on)})), '{}') AS outside`);
  if (!placed!.below) throw badInputFields([{ field: "toConferenceId", message: "that conference's chapter is not above this conference's chapter: a delegation goes to the conference of its own upper level" }]);
  if (placed!.outside.length) throw badInputFields(input.delegates.flatMap((d, i) => (placed!.outside.includes(d.fromChapterId) ? [{ field: `delegates.${i}.fromChapterId`, message: "a conference sends exemplars of its own chapter or the chapters below it" }] : [])));
  const taken = await tx.delegate.count({ where: { conferenceId: upper.id } });
  if (taken + input.delegates.length > upper.delegateQuota) {
    throw conflict(
      `The delegation does not fit: the ${conferenceLevelLabels[upper.level as Level].toLowerCase()} conference holds at most ${upper.delegateQuota} delegates, ${taken} seat(s) are taken and this delegation has ${input.delegates.length}. Approve a shorter list; nothing was added.`,
      { quota: upper.delegateQuota, taken, asked: input.delegates.length },
    );
  }
  await tx.delegate.createMany({ data: input.delegates.map((d) => ({ conferenceId: upper.id, fullName: d.fullName, fromChapterId: d.fromChapterId, exemplar: d.exemplar, approvedAtId: lower.id, addedBy: by })) });
  return input.delegates.length;
}

export interface HonoureeInput {
  conferenceId: string;
  kind: "COLLECTIVE" | "INDIVIDUAL";
  name: string;
  citation: string;
  /** the honouree's chapter (default: the conference's) */
  chapterId?: string | null;
  title?: "GOOD_PERSON_GOOD_DEED" | "CARING_COMMUNITY" | null;
  commendation?: string | null;
}

/** Adds an honouree at the end of the honouring list. EM-CONFERENCE: a conference honours the
 * collectives and individuals of its own chapter and the chapters below it, as the tree stood on
 * its day. */
export async function addHonouree(tx: Tx, roots: string[], input: HonoureeInput): Promise<string> {
  const conference = await lockConference(tx, roots, input.conferenceId);
  const chapterId = input.chapterId ?? conference.chapterId;
  const at = await tx.$queryRaw<unknown[]>(sql`SELECT 1 FROM "TreeClosure" c WHERE c."ancestorId" = ${conference.chapterId}::uuid
    AND c."descendantId" = ${chapterId}::uuid AND ${inForce("c", conferenceDay(conference.heldOn))}`);
  if (!at.length) throw badInputFields([{ field: "chapterId", message: "a conference honours its own chapter's collectives and individuals, or those of the chapters below it" }]);
  const [last] = await tx.$queryRaw<{ n: number }[]>(sql`SELECT coalesce(max(position), 0)::int AS n FROM "Honouree" WHERE "conferenceId" = ${conference.id}::uuid`);
  const honouree = await tx.honouree.create({
    data: { conferenceId: conference.id, position: last!.n + 1, kind: input.kind, name: input.name, citation: input.citation, chapterId, title: input.title ?? null, commendation: input.commendation ?? null },
  });
  return honouree.id;
}

/** Marks an honouree announced; returns the event to publish after commit (running list). */
export async function announceHonouree(tx: Tx, roots: string[], by: string, honoureeId: string): Promise<HonoursEvent> {
  const found = await tx.honouree.findUnique({ where: { id: honoureeId }, select: { conferenceId: true } });
  if (!found) throw notFound(`No honouree ${honoureeId}.`);
  const conference = await lockConference(tx, roots, found.conferenceId);
  const current = (await tx.honouree.findUnique({ where: { id: honoureeId } }))!;
  if (current.announcedAt) throw conflict(`${current.name} was already announced at ${current.announcedAt.toISOString()}.`);
  const announced = await tx.honouree.update({ where: { id: honoureeId }, data: { announcedAt: new Date(), announcedBy: by } });
  const all = await tx.honouree.findMany({ where: { conferenceId: conference.id }, orderBy: { position: "asc" } });
  const running = all.filter((h) => h.announcedAt).sort((a, b) => a.announcedAt!.getTime() - b.announcedAt!.getTime() || a.position - b.position);
  return {
    conferenceId: conference.id,
    chapterId: conference.chapterId,
    announced: {
      id: announced.id,
      position: announced.position,
      name: announced.name,
      kind: announced.kind,
      citation: announced.citation,
      chapterId: announced.chapterId,
      title: announced.title,
      commendation: announced.commendation,
      announcedAt: announced.announcedAt!.toISOString(),
    },
    running: running.map((h) => ({ id: h.id, position: h.position, name: h.name, kind: h.kind, announcedAt: h.announcedAt!.toISOString() })),
    announcedCount: running.length,
    totalCount: all.length,
  };
}
