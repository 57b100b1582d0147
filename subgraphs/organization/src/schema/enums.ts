import { builder } from "../builder.ts";
import { hostKindLabels, levelLabels } from "../tree/levels.ts";

export const ChapterLevelEnum = builder.enumType("ChapterLevel", {
  description: "Level of a chapter in the tree (cấp Hội)",
  values: Object.fromEntries(Object.entries(levelLabels).map(([k, label]) => [k, { description: label }])) as Record<
    keyof typeof levelLabels,
    { description: string }
  >,
});

export const HostKindEnum = builder.enumType("HostKind", {
  description: "What hosts an AFFILIATED chapter",
  values: Object.fromEntries(Object.entries(hostKindLabels).map(([k, label]) => [k, { description: label }])) as Record<
    keyof typeof hostKindLabels,
    { description: string }
  >,
});

export const TreeChangeKindEnum = builder.enumType("TreeChangeKind", {
  values: {
    CREATE: { description: "Thành lập" },
    RENAME: { description: "Đổi tên" },
    MOVE: { description: "Chuyển trực thuộc" },
    MERGE: { description: "Sáp nhập / hợp nhất" },
    SPLIT: { description: "Chia tách" },
    DISSOLVE: { description: "Giải thể" },
  } as const,
});

export const chapterStatusLabels = {
  ACTIVE: "Đang hoạt động",
  NOT_YET_FOUNDED: "Chưa thành lập",
  MERGED: "Đã sáp nhập",
  SPLIT: "Đã chia tách",
  DISSOLVED: "Đã giải thể",
} as const;
export type ChapterStatus = keyof typeof chapterStatusLabels;

export const ChapterStatusEnum = builder.enumType("ChapterStatus", {
  values: Object.fromEntries(Object.entries(chapterStatusLabels).map(([k, label]) => [k, { description: label }])) as Record<
    ChapterStatus,
    { description: string }
  >,
});

export const ChapterOrderEnum = builder.enumType("ChapterOrder", {
  values: { CODE: { description: "By code: the tree's own order" }, NAME: { description: "By name (A→Z, ignoring accents)" } } as const,
});

export const fundEntryKindLabels = {
  INCOME: "Thu",
  SPENDING: "Chi",
  TRANSFER_IN: "Nhận chuyển quỹ (sáp nhập, giải thể, chia tách)",
  TRANSFER_OUT: "Chuyển quỹ đi (sáp nhập, giải thể, chia tách)",
} as const;
export type FundEntryKind = keyof typeof fundEntryKindLabels;

export const FundEntryKindEnum = builder.enumType("FundEntryKind", {
  description: "Kind of a fund ledger line (loại bút toán sổ quỹ); transfers are written by tree changes, not by hand",
  values: Object.fromEntries(Object.entries(fundEntryKindLabels).map(([k, label]) => [k, { description: label }])) as Record<
    FundEntryKind,
    { description: string }
  >,
});
