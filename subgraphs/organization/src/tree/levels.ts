// Chapter levels and which level may sit under which (docs/domain.md §1, ORG-TREE, ORG-REFORM).
import type { ChapterLevel, HostKind } from "../generated/prisma/enums.ts";

export const levelOrder: ChapterLevel[] = ["CENTRAL", "PROVINCE", "DISTRICT", "COMMUNE", "BRANCH", "AFFILIATED"];

export const levelLabels: Record<ChapterLevel, string> = {
  CENTRAL: "Trung ương Hội",
  PROVINCE: "Hội cấp tỉnh / thành phố",
  DISTRICT: "Hội cấp huyện / quận / thị xã / thành phố thuộc tỉnh",
  COMMUNE: "Hội cơ sở xã / phường / thị trấn",
  BRANCH: "Chi hội",
  AFFILIATED: "Hội trực thuộc",
};

export const hostKindLabels: Record<HostKind, string> = {
  SCHOOL: "Trường học",
  HOSPITAL: "Bệnh viện",
  AGENCY: "Cơ quan",
  ENTERPRISE: "Doanh nghiệp",
};

/** The levels a chapter of each level may have as its parent. Communes may sit directly under a
 * province since the district level was abolished on 1 July 2025 (ORG-REFORM). */
export const allowedParentLevels: Record<ChapterLevel, ChapterLevel[]> = {
  CENTRAL: [],
  PROVINCE: ["CENTRAL"],
  DISTRICT: ["PROVINCE"],
  COMMUNE: ["DISTRICT", "PROVINCE"],
  BRANCH: ["COMMUNE", "AFFILIATED"],
  AFFILIATED: ["CENTRAL", "PROVINCE", "DISTRICT", "COMMUNE"],
};
