// People (ORG-PEOPLE): Person holds personal data once; Membership places a person in a chapter
// over time. Personal data is returned only to callers allowed it (access/roles.ts) and masked
// otherwise (core's auth/mask.ts).
import { badInput, checkYear, foldForSearch, maskName, maskPhone, offsetConnection, type RequestContext, showsPersonalData, todayInVietnam } from "@chapters/core";
import { builder } from "../builder.ts";
import { duesStatusLabels, type DuesStatus } from "../figures/dues-status.ts";
import { referenceDate } from "../figures/period.ts";
import { requirePeopleList, seesPersonalData } from "../access/roles.ts";
import { peoplePageLoader, type MembershipRow, type PeopleFilter } from "../people/read.ts";
import { chapterLoader } from "../tree/loaders.ts";
import { ChapterRef } from "./chapter.ts";

export const membershipKindLabels = {
  MEMBER: "Hội viên",
  VOLUNTEER: "Tình nguyện viên",
  YOUTH: "Thanh thiếu niên Chữ thập đỏ",
  STAFF: "Cán bộ chuyên trách",
} as const;

export const MembershipKindEnum = builder.enumType("MembershipKind", {
  values: Object.fromEntries(Object.entries(membershipKindLabels).map(([k, v]) => [k, { description: v }])) as Record<
    keyof typeof membershipKindLabels,
    { description: string }
  >,
});

export const DuesStatusEnum = builder.enumType("DuesStatus", {
  description: "A member's dues status for a year (rule in MemberDues.status)",
  values: Object.fromEntries(Object.entries(duesStatusLabels).map(([k, v]) => [k, { description: v }])) as Record<DuesStatus, { description: string }>,
});

const MembershipEndEnum = builder.enumType("MembershipEnd", {
  values: { LEFT: { description: "Thôi tham gia" }, MOVED: { description: "Chuyển theo Hội sáp nhập" } } as const,
});

interface PersonView {
  row: MembershipRow;
  open: boolean;
}

/** Personal data shows unmasked only to those who see it, and that read is audited (docs/partners-and-audit.md). */
const shown = (ctx: RequestContext, p: PersonView) => p.open && showsPersonalData(ctx, { type: "Person", id: p.row.personId });

const PersonRef = builder.objectRef<PersonView>("Person").implement({
  description:
    "A person. Full name, birth date, phone and national ID are shown only to an OFFICER or ADMIN of the person's chapter or a chapter above it " +
    "(or a caller granted \"personal-data\"); others get masked values: name as family name and initials (\"Nguyễn V. A.\"), " +
    "phone as its last three digits (\"•••• ••• 678\"), birth year only, no national ID.",
  fields: (t) => ({
    id: t.id({ resolve: (p) => p.row.personId }),
    masked: t.boolean({ description: "True when personal data is masked for you", resolve: (p) => !p.open }),
    fullName: t.string({ description: "Họ và tên (masked: family name and initials)", resolve: (p, _a, ctx) => (shown(ctx, p) ? p.row.fullName : maskName(p.row.fullName)) }),
    birthDate: t.field({ type: "Date", nullable: true, description: "Ngày sinh (null when masked)", resolve: (p, _a, ctx) => (shown(ctx, p) ? p.row.birthDate : null) }),
    birthYear: t.int({ nullable: true, description: "Năm sinh", resolve: (p) => p.row.birthDate?.getUTCFullYear() ?? null }),
    phone: t.string({ nullable: true, description: "Số điện thoại (masked: last three digits)", resolve: (p, _a, ctx) => (shown(ctx, p) ? p.row.phone : maskPhone(p.row.phone)) }),
    nationalId: t.string({ nullable: true, description: "Số CCCD (null when masked)", resolve: (p, _a, ctx) => (shown(ctx, p) ? p.row.nationalId : null) }),
  }),
});

export const MembershipRef = builder.objectRef<MembershipRow>("Membership").implement({
  description: "A person's place in a chapter over [joinedOn, leftOn)",
  fields: (t) => ({
    id: t.exposeID("id"),
    kind: t.field({ type: MembershipKindEnum, resolve: (m) => m.kind }),
    kindLabel: t.string({ resolve: (m) => membershipKindLabels[m.kind] }),
    joinedOn: t.field({ type: "Date", resolve: (m) => m.joinedOn }),
    leftOn: t.field({ type: "Date", nullable: true, description: "First day no longer in the chapter", resolve: (m) => m.leftOn }),
    endReason: t.field({ type: MembershipEndEnum, nullable: true, resolve: (m) => m.endReason }),
    person: t.field({ type: PersonRef, resolve: (m, _a, ctx) => ({ row: m, open: seesPersonalData(ctx) }) }),
    chapter: t.field({ type: ChapterRef, nullable: true, resolve: (m, _a, ctx) => chapterLoader(ctx, m.asOf).load(m.chapterId) }),
  }),
});

const MemberDuesRef = builder.objectRef<MembershipRow>("MemberDues").implement({
  description:
    "A member's dues for a year. status: PAID (payment recorded for the year); else EXEMPT (exemption recorded); else LAPSED " +
    "(also a member at the end of the year before and neither paid nor exempt for it: two consecutive years unpaid); else OVERDUE.",
  fields: (t) => ({
    membership: t.field({ type: MembershipRef, resolve: (m) => m }),
    status: t.field({ type: DuesStatusEnum, resolve: (m) => m.status! }),
    statusLabel: t.string({ resolve: (m) => duesStatusLabels[m.status!] }),
  }),
});

interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

function peopleConnection(
  ctx: Parameters<typeof peoplePageLoader>[0],
  chapterId: string,
  args: PageArgs,
  filter: Omit<PeopleFilter, "limit" | "offset">,
) {
  return offsetConnection(args, { pageWithTotal: (page) => peoplePageLoader(ctx, { ...filter, ...page }).load(chapterId) });
}

builder.objectFields(ChapterRef, (t) => ({
  people: t.connection({
    type: MembershipRef,
    description: "Members, volunteers, youth and staff of this chapter (or its subtree) on a date, by name",
    args: {
      asOf: t.arg({ type: "Date", required: false }),
      kinds: t.arg({ type: [MembershipKindEnum], required: false }),
      search: t.arg.string({ required: false, description: "Part of the name, accents ignored (only for callers who see personal data)" }),
      includeBelow: t.arg.boolean({ required: false, defaultValue: false }),
    },
    resolve: (c, args, ctx) => {
      requirePeopleList(ctx);
      if (args.search && !seesPersonalData(ctx)) throw badInput("Searching people by name needs access to personal data; list them without search.");
      return peopleConnection(ctx, c.id, args, {
        asOf: args.asOf ?? todayInVietnam(),
        kinds: args.kinds ?? null,
        search: args.search ? foldForSearch(args.search) : null,
        includeBelow: args.includeBelow ?? false,
        duesYear: null,
        statuses: null,
      });
    },
  }),
  dues: t.connection({
    type: MemberDuesRef,
    description: "Members of this chapter owing dues for a year, with their status (hội phí)",
    args: {
      year: t.arg.int({ required: true }),
      statuses: t.arg({ type: [DuesStatusEnum], required: false }),
      includeBelow: t.arg.boolean({ required: false, defaultValue: false }),
    },
    resolve: (c, args, ctx) => {
      requirePeopleList(ctx);
      checkYear(args.year);
      return peopleConnection(ctx, c.id, args, {
        asOf: referenceDate(args.year),
        kinds: null,
        search: null,
        includeBelow: args.includeBelow ?? false,
        duesYear: args.year,
        statuses: args.statuses ?? null,
      });
    },
  }),
}));
