import { described } from "@chapters/core";
import { builder } from "../builder.ts";

export const aboLabels = { O: "Nhóm máu O", A: "Nhóm máu A", B: "Nhóm máu B", AB: "Nhóm máu AB" } as const;
export const rhLabels = { POSITIVE: "Rh dương (Rh+)", NEGATIVE: "Rh âm (Rh−)" } as const;
export const clubLabels = {
  OUTREACH: "Câu lạc bộ tuyên truyền vận động hiến máu",
  RESERVE: "Câu lạc bộ hiến máu dự bị",
  FAMILY: "Câu lạc bộ gia đình hiến máu",
  RARE_GROUP: "Câu lạc bộ nhóm máu hiếm",
} as const;
export const driveKindLabels = {
  XUAN_HONG: "Lễ hội Xuân Hồng",
  CHU_NHAT_DO: "Chủ nhật đỏ",
  HANH_TRINH_DO: "Hành trình đỏ",
  GIOT_MAU_HONG: "Những giọt máu hồng",
  NATIONAL_DAY: "Ngày toàn dân hiến máu tình nguyện (7/4)",
  WORLD_DONOR_DAY: "Ngày Quốc tế người hiến máu (14/6)",
  OTHER: "Đợt hiến máu khác",
} as const;
/** Donation types (BL-DONORS); their intervals are data, in the DonationType rows. */
export const donationTypeLabels = {
  WHOLE_BLOOD: "Máu toàn phần",
  APHERESIS_RED_CELLS: "Hồng cầu gạn tách",
  APHERESIS_PLASMA: "Huyết tương gạn tách",
  APHERESIS_PLATELETS: "Tiểu cầu gạn tách",
} as const;
export type DonationTypeCode = keyof typeof donationTypeLabels;
export const donationTypeCodes = Object.keys(donationTypeLabels) as [DonationTypeCode, ...DonationTypeCode[]];

export const registrationStatusLabels = {
  REGISTERED: "Đã đăng ký",
  CHECKED_IN: "Đã có mặt",
  DONATED: "Đã hiến",
  DEFERRED: "Tạm hoãn",
} as const;


export const AboGroupEnum = builder.enumType("AboGroup", { description: "ABO blood group (nhóm máu)", values: described(aboLabels) });
export const RhFactorEnum = builder.enumType("RhFactor", { values: described(rhLabels) });
export const DonorClubEnum = builder.enumType("DonorClub", { description: "Donor clubs (câu lạc bộ hiến máu)", values: described(clubLabels) });
export const DriveKindEnum = builder.enumType("DriveKind", { description: "Named drives and days (BL-EVENTS)", values: described(driveKindLabels) });
export const RegistrationStatusEnum = builder.enumType("RegistrationStatus", { values: described(registrationStatusLabels) });
export const DonationTypeEnum = builder.enumType("DonationTypeCode", {
  description: "Kind of donation (loại hiến); the interval before the next donation is data (donationTypes)",
  values: described(donationTypeLabels),
});
