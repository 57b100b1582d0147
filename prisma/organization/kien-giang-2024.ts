// Demo data: Kiên Giang's 2024 organisation figures that its emulation plan reads (seed 002,
// EM-DEMOTE DUES, MEMBER_GROWTH, FUND_TARGET; ORG-DUES, ORG-FUND, ORG-TARGETS) for the three units
// below the province: members (some joined in 2024), 2024 dues and payments, each chapter's fund
// on 31 December 2024 (the district's own and each commune's: "quỹ Hội ở 02 cấp"), and the member
// growth the province assigned. Fund targets are the FundTarget rule rows (catalogue.ts: district
// ≥ 50 M, commune ≥ 10 M, scoped to Kiên Giang); the hospital's chapter (affiliated) has none, so
// its fund fact is UNKNOWN and goes to the council. Chosen so the rules meet their edges:
//   Rạch Giá   60 members, 24 new of 20 assigned, 56/60 paid (93.3%), own fund 55 M, communes 12 M each
//   Châu Thành 30 members, 9 new of 10 assigned (exactly 90%), 27/30 paid (exactly 90%), own fund
//              exactly 50 M, communes 15 M, 6 M (Bình An: below 10 M) and exactly 10 M
//   hospital   15 members, 5 new of 5 assigned, 14/15 paid, own fund 8 M and no fund target
// Deterministic; names are invented.
import { isoDate } from "@chapters/core";
import type { PrismaClient } from "../../subgraphs/organization/src/generated/prisma/client.ts";

const BY = "seed";
const NAMES = ["Nguyễn Văn Hùng", "Trần Thị Lan", "Lê Minh Tâm", "Phạm Thị Hoa", "Huỳnh Văn Phúc", "Võ Thị Mai", "Danh Sơn", "Thị Sa Ri", "Đặng Văn Tài", "Lâm Thị Bích"];

/** [chapter code, members, of whom joined in 2024, paid 2024 dues, own fund on 31 Dec 2024 (VND)] */
export const KIEN_GIANG_2024_CHAPTERS: [code: string, members: number, joined: number, paid: number, fund: bigint][] = [
  ["KG.RG", 0, 0, 0, 55_000_000n],
  ...["VTV", "VTH", "VQU", "VHI"].map((c): [string, number, number, number, bigint] => [`KG.RG.${c}`, 10, 4, 9, 12_000_000n]),
  ...["AHO", "RSO"].map((c): [string, number, number, number, bigint] => [`KG.RG.${c}`, 10, 4, 10, 12_000_000n]),
  ["KG.CT", 0, 0, 0, 50_000_000n],
  ["KG.CT.MLU", 10, 3, 9, 15_000_000n],
  ["KG.CT.BAN", 10, 3, 9, 6_000_000n],
  ["KG.CT.MTA", 10, 3, 9, 10_000_000n],
  ["KG.BVDK", 15, 5, 14, 8_000_000n],
];

/** org.member-growth for 2024, assigned by the province to its units (ORG-TARGETS) */
export const KIEN_GIANG_2024_GROWTH: [code: string, target: number][] = [["KG.RG", 20], ["KG.CT", 10], ["KG.BVDK", 5]];

const DUES_2024 = 12_000n;

export async function seedKienGiang2024(prisma: PrismaClient): Promise<void> {
  const codes = ["KG", ...KIEN_GIANG_2024_CHAPTERS.map(([c]) => c)];
  const ids = new Map((await prisma.chapter.findMany({ where: { code: { in: codes } }, select: { id: true, code: true } })).map((c) => [c.code, c.id]));
  const id = (code: string) => {
    const found = ids.get(code);
    if (!found) throw new Error(`organization seed: no chapter ${code}`);
    return found;
  };
  let serial = 0;
  const people = [];
  const memberships = [];
  const payments = [];
  for (const [code, members, joined, paid] of KIEN_GIANG_2024_CHAPTERS) {
    for (let i = 0; i < members; i++) {
      serial += 1;
      const fullName = `${NAMES[serial % NAMES.length]} ${serial}`;
      const person = {
        id: crypto.randomUUID(), fullName, searchName: fullName.normalize("NFD").replace(/\p{M}/gu, "").replace(/[đĐ]/g, "d").toLowerCase(),
        nationalId: `091${String(serial).padStart(9, "0")}`,
      };
      people.push(person);
      const membership = {
        id: crypto.randomUUID(), personId: person.id, chapterId: id(code), kind: "MEMBER" as const,
        joinedOn: isoDate(i < joined ? `2024-0${1 + (i % 9)}-15` : "2019-03-26"), lineageId: "",
      };
      membership.lineageId = membership.id;
      memberships.push(membership);
      if (i < paid) payments.push({ membershipId: membership.id, year: 2024, amount: DUES_2024, paidOn: isoDate("2024-11-20"), recordedBy: BY });
    }
  }
  await prisma.person.createMany({ data: people });
  await prisma.membership.createMany({ data: memberships });
  await prisma.duesPolicy.createMany({
    data: KIEN_GIANG_2024_CHAPTERS.filter(([, members]) => members > 0).map(([code]) => ({ chapterId: id(code), year: 2024, amount: DUES_2024 })),
    skipDuplicates: true,
  });
  await prisma.duesPayment.createMany({ data: payments });
  await prisma.fundEntry.createMany({
    data: KIEN_GIANG_2024_CHAPTERS.map(([code, , , , fund]) => ({
      chapterId: id(code), entryDate: isoDate("2024-06-30"), kind: "INCOME" as const, amount: fund, source: "Vận động xây dựng quỹ Hội năm 2024", recordedBy: BY,
    })),
  });
  await prisma.target.createMany({
    data: KIEN_GIANG_2024_GROWTH.map(([code, value]) => ({ chapterId: id(code), indicatorCode: "org.member-growth", year: 2024, value, maxValue: null, assignedById: id("KG"), assignedBy: BY, source: "illustrative: seed 002 has Kiên Giang assign member growth; these numbers are invented" })),
    skipDuplicates: true,
  });
}
