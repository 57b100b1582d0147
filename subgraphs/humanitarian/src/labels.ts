// Vietnamese labels of the humanitarian code sets (HA-PROFILE, HA-SUPPORT, HA-CAMPAIGNS): what
// users see on screens, reports and in the CSV import. The GraphQL enums are built from these.
export const addressCategoryLabels = {
  DISABILITY: "Người khuyết tật",
  AGENT_ORANGE: "Nạn nhân chất độc da cam",
  DISASTER: "Nạn nhân thiên tai",
  GRAVE_ILLNESS: "Bệnh nhân mắc bệnh hiểm nghèo",
  INJURY: "Nạn nhân tai nạn thương tích",
  ORPHAN: "Trẻ em mồ côi",
  LONELY_ELDERLY: "Người già neo đơn không nơi nương tựa",
  OTHER_VULNERABLE: "Đối tượng yếu thế khác chưa được hỗ trợ",
  POOR_HOUSEHOLD: "Hộ nghèo",
  POLICY_HOUSEHOLD: "Hộ gia đình chính sách",
} as const;

export const addressStatusLabels = {
  SURVEYED: "Đã khảo sát",
  PROFILED: "Đã lập hồ sơ",
  APPROVED: "Đã phê duyệt",
  SUPPORTED: "Đã được trợ giúp",
  CLOSED: "Đã kết thúc",
} as const;

export const addressKindLabels = { PERSON: "Cá nhân", HOUSEHOLD: "Hộ gia đình" } as const;

export const supportKindLabels = {
  MONTHLY: "Trợ giúp thường xuyên hằng tháng",
  WHEELCHAIR: "Xe lăn, xe lắc",
  HOUSING: "Hỗ trợ nhà ở",
  REHABILITATION: "Phục hồi chức năng",
  LIVELIHOOD_CAPITAL: "Sinh kế: vốn sản xuất",
  LIVELIHOOD_SEEDLINGS: "Sinh kế: cây giống",
  LIVELIHOOD_LIVESTOCK: "Sinh kế: con giống",
  HEALTH_INSURANCE: "Thẻ bảo hiểm y tế",
  SAVINGS_BOOK: "Sổ tiết kiệm",
  OTHER: "Hình thức khác",
  VOCATIONAL_TRAINING: "Dạy nghề",
  INTEREST_FREE_LOAN: "Cho vay vốn sản xuất không tính lãi",
  TET_GIFT: "Quà Tết",
  DISASTER_RELIEF: "Cứu trợ thiên tai",
  SCHOLARSHIP: "Học bổng",
  FOOD_AND_NECESSITIES: "Lương thực, nhu yếu phẩm",
} as const;

/** HA-SUPPORT: who gave */
export const supportGiverLabels = { SPONSOR: "Nhà tài trợ", CHAPTER_FUND: "Hội trợ giúp (từ quỹ Hội)" } as const;

/** HA-SUPPORT: cash or in kind */
export const supportFormLabels = { CASH: "Tiền mặt", IN_KIND: "Hiện vật" } as const;

/** ORG-FUND: the fund-spending half of a chapter-fund gift */
export const fundSpendingStateLabels = { PENDING: "Chờ ghi sổ quỹ", RECORDED: "Đã ghi sổ quỹ" } as const;

export const campaignKindLabels = {
  ADDRESS_CAMPAIGN: "Cuộc vận động “Mỗi tổ chức, mỗi cá nhân gắn với một địa chỉ nhân đạo”",
  TET_NHAN_AI: "Phong trào “Tết Nhân ái”",
  THANG_NHAN_DAO: "Tháng Nhân đạo",
  PROGRAMME: "Chương trình",
} as const;

export const reportKindLabels = {
  QUARTER_1: "Báo cáo quý I",
  QUARTER_2: "Báo cáo quý II",
  QUARTER_3: "Báo cáo quý III",
  QUARTER_4: "Báo cáo quý IV",
  HALF_YEAR: "Báo cáo 6 tháng đầu năm",
  ANNUAL: "Báo cáo năm",
} as const;

export const sponsorKindLabels = { ORGANISATION: "Tổ chức, doanh nghiệp", INDIVIDUAL: "Cá nhân" } as const;
