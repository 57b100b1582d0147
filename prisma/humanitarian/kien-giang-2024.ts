// Demo data: Kiên Giang's 2024 humanitarian figures that its emulation plan reads (seed 002,
// EM-DEMOTE RESOURCES and HUMANITARIAN_MONTH): each unit's resource-mobilisation target for 2024,
// the support it gave under "Tết Nhân ái" Giáp Thìn 2024 and under "Tháng Nhân đạo" 2024 (the
// province's campaign, May 2024). Chosen so the rules are exercised at their edges:
//   Rạch Giá   target 400 M; 300 M + 90 M = 390 M (97.5%), Tháng Nhân đạo 90 M (22.5%)
//   Châu Thành target 200 M; 140 M + 40 M = 180 M (exactly 90%), Tháng Nhân đạo 40 M (exactly 20%)
//   the provincial hospital's chapter (affiliated) target 50 M; 40 M + 12 M = 52 M, 12 M (24%)
// Amounts and names are invented but realistic; every value is whole đồng.
import type { Prisma } from "../../subgraphs/humanitarian/src/generated/prisma/client.ts";
import type { SupportKind } from "../../subgraphs/humanitarian/src/generated/prisma/enums.ts";

const d = (text: string) => new Date(`${text}T00:00:00Z`);
const BY = "seed";

/** [unit, where the address is, resource target, Tết Nhân ái support, Tháng Nhân đạo support] */
export const KIEN_GIANG_2024: [unit: string, chapter: string, target: bigint, tet: bigint[], month: bigint[]][] = [
  ["KG.RG", "KG.RG.VTH", 400_000_000n, [200_000_000n, 100_000_000n], [60_000_000n, 30_000_000n]],
  ["KG.CT", "KG.CT.BAN", 200_000_000n, [100_000_000n, 40_000_000n], [25_000_000n, 15_000_000n]],
  ["KG.BVDK", "KG.BVDK", 50_000_000n, [40_000_000n], [12_000_000n]],
];

export async function seedKienGiang2024(tx: Prisma.TransactionClient, id: (code: string) => string): Promise<void> {
  const tet = await tx.campaign.create({ data: { chapterId: id("KG"), kind: "TET_NHAN_AI", name: "Tết Nhân ái Xuân Giáp Thìn 2024 tỉnh Kiên Giang", startsOn: d("2024-01-02"), endsOn: d("2024-02-09"), createdBy: BY } });
  const month = await tx.campaign.create({ data: { chapterId: id("KG"), kind: "THANG_NHAN_DAO", name: "Tháng Nhân đạo năm 2024 tỉnh Kiên Giang", startsOn: d("2024-05-01"), endsOn: d("2024-05-31"), createdBy: BY } });
  const sponsor = await tx.sponsor.create({ data: { chapterId: id("KG"), kind: "ORGANISATION", name: "Công ty Cổ phần Thủy sản Kiên Giang" } });
  for (const [unit, chapter, target, tetValues, monthValues] of KIEN_GIANG_2024) {
    await tx.resourcePlan.create({ data: { chapterId: id(unit), year: 2024, target, setBy: BY } });
    const address = await tx.humanitarianAddress.create({
      data: {
        chapterId: id(chapter), kind: "HOUSEHOLD", category: "OTHER_VULNERABLE", status: "SUPPORTED", fullName: `Hộ nghèo ${chapter}`, addressLine: `Ấp 1, ${chapter}`,
        householdSize: 4, needs: "Hỗ trợ sinh kế, quà Tết", surveyedOn: d("2023-12-01"), surveyedBy: BY, consentOn: d("2023-12-01"), consentBy: BY,
        profiledOn: d("2023-12-05"), profiledBy: BY, approvedOn: d("2023-12-10"), approvedBy: BY, supportedOn: d("2024-01-15"), supportedBy: BY,
      },
    });
    const support = (campaignId: string, kind: SupportKind, value: bigint, givenOn: string) => ({
      chapterId: id(chapter), addressId: address.id, sponsorId: sponsor.id, campaignId, kind, value, givenOn: d(givenOn), recordedBy: BY,
      // illustrative receipt numbers (HA-NODOUBLE: one per gift and chapter)
      reference: `KG-${chapter}-${givenOn}-${kind}`,
    });
    await tx.supportRecord.createMany({
      data: [
        ...tetValues.map((v, i) => support(tet.id, "OTHER", v, `2024-01-${15 + i}`)),
        ...monthValues.map((v, i) => support(month.id, "LIVELIHOOD_CAPITAL", v, `2024-05-${10 + i}`)),
      ],
    });
  }
}
