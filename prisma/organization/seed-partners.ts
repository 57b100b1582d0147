// Demo partners and their grants (docs/partners-and-audit.md): a provincial blood centre that reads its province's
// blood stock and drive progress, and nothing else, and a People's Committee that reads Đồng Nai's
// organisation and humanitarian figures. Fixed ids, so `npm run token -- --role partner --sub <id>`
// names them (docs/partners-and-audit.md, "A partner's view").
import type { PrismaClient } from "../../subgraphs/organization/src/generated/prisma/client.ts";

export const DEMO_PARTNERS = {
  bloodCentreBacNinh: "6f1c1b7e-2d1a-4c55-9f0e-0b1c5a7e2d01",
  peoplesCommitteeDongNai: "6f1c1b7e-2d1a-4c55-9f0e-0b1c5a7e2d02",
} as const;

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

export async function seedDemoPartners(prisma: PrismaClient): Promise<void> {
  const chapters = new Map((await prisma.chapter.findMany({ where: { code: { in: ["TW", "BN", "DN"] } }, select: { id: true, code: true } })).map((c) => [c.code, c.id]));
  const grant = { validFrom: day("2025-07-01"), validUntil: day("2030-01-01"), operations: [] as string[] };
  await prisma.partner.create({
    data: {
      id: DEMO_PARTNERS.bloodCentreBacNinh,
      name: "Trung tâm Huyết học – Truyền máu tỉnh Bắc Ninh",
      kind: "BLOOD_CENTRE",
      contact: "Phòng Kế hoạch, 0222 3 822 000",
      createdBy: "seed",
      grants: {
        create: {
          ...grant,
          chapterId: chapters.get("BN")!,
          grantingChapterId: chapters.get("BN")!,
          scopes: ["blood-stock"],
          operations: ["PartnerBloodStock", "PartnerBloodDriveProgress"],
          reason: "Điều phối lượng máu tiếp nhận của tỉnh (dữ liệu mẫu)",
          grantedBy: "dev-admin@BN",
        },
      },
    },
  });
  await prisma.partner.create({
    data: {
      id: DEMO_PARTNERS.peoplesCommitteeDongNai,
      name: "Ủy ban nhân dân tỉnh Đồng Nai",
      kind: "PEOPLES_COMMITTEE",
      contact: "Văn phòng UBND tỉnh, 0251 3 822 000",
      createdBy: "seed",
      grants: {
        create: {
          ...grant,
          chapterId: chapters.get("DN")!,
          grantingChapterId: chapters.get("TW")!,
          scopes: ["org-figures", "humanitarian-figures"],
          reason: "Báo cáo công tác Hội và nhân đạo hằng năm (dữ liệu mẫu)",
          grantedBy: "dev-admin@TW",
        },
      },
    },
  });
}
