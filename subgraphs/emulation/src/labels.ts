// Vietnamese labels of the emulation code sets (EM-CLASS, EM-SCORE, EM-RANK, EM-CONFERENCE,
// EM-TITLES): what users see on screens and reports. The GraphQL enums are built from these.
export const classLabels = {
  EXCELLENT: "Xuất sắc",
  GOOD: "Khá",
  AVERAGE: "Trung bình",
  WEAK: "Yếu",
  NOT_CONSIDERED: "Không xét thi đua",
} as const;
export type EmulationClass = keyof typeof classLabels;

export const gradeLabels = { A: "Điểm A", B: "Điểm B", C: "Điểm C" } as const;
export const sheetKindLabels = { SELF: "Bảng tự chấm điểm", VERIFIED: "Bảng điểm thẩm định" } as const;
export const arrivalKindLabels = { REGISTRATION: "Đăng ký thi đua", REPORT: "Báo cáo", SHEET: "Bảng tự chấm điểm", FORWARDING: "Cụm trưởng gửi bảng điểm của cụm" } as const;
export const demotionEffectLabels = { DEMOTE: "Hạ xếp loại xuống một mức", EXCLUDE: "Không xét thi đua" } as const;
export const factSourceLabels = { ORGANIZATION: "Tổ chức Hội (organization)", HUMANITARIAN: "Công tác xã hội (humanitarian)", INSPECTION: "Đoàn kiểm tra, thẩm định" } as const;
export const factStatusLabels = { APPLIES: "Vi phạm (hạ loại)", DOES_NOT_APPLY: "Đạt", UNKNOWN: "Chưa có số liệu: Hội đồng thi đua quyết định" } as const;
export const resultStatusLabels = { PROPOSED: "Đề xuất", CONFIRMED: "Hội đồng thi đua đã xác nhận" } as const;
export const rankPlaceLabels = { FIRST: "Hạng Nhất", SECOND: "Hạng Nhì", THIRD: "Hạng Ba" } as const;
export const conferenceLevelLabels = { BASE: "Cấp cơ sở", DISTRICT: "Cấp huyện, thành, thị", PROVINCE: "Cấp tỉnh" } as const;
export const segmentKindLabels = {
  OPENING: "Khai mạc",
  MOVEMENT_REPORT: "Báo cáo đánh giá, biểu dương phong trào thi đua",
  EXEMPLAR_TALKS: "Báo cáo tham luận của các điển hình tiên tiến",
  LEADER_SPEECHES: "Phát biểu của lãnh đạo",
  EXCHANGE: "Giao lưu với các điển hình tiên tiến",
  MOVEMENT_LAUNCH: "Phát động phong trào thi đua",
  HONOURING: "Tôn vinh khen thưởng tập thể, cá nhân xuất sắc",
  DELEGATE_APPROVAL: "Thông qua danh sách đại biểu đi dự Hội nghị cấp trên",
  CLOSING: "Tổng kết và bế mạc",
} as const;
export const honoureeKindLabels = { COLLECTIVE: "Tập thể", INDIVIDUAL: "Cá nhân" } as const;
export const titleKindLabels = { GOOD_PERSON_GOOD_DEED: "Người tốt, việc thiện", CARING_COMMUNITY: "Cộng đồng nhân ái" } as const;
export const titleMilestoneLabels = {
  HONOURING: "Tôn vinh nhân kỷ niệm ngày thành lập Hội",
  MID_TERM_REVIEW: "Sơ kết giữa kỳ phong trào",
  FIVE_YEAR_REVIEW: "Tổng kết 5 năm phong trào",
  CITY_HONOURS: "Khen thưởng cấp thành phố",
} as const;
export const titleDecisionLabels = { FORWARDED: "Đề nghị lên cấp trên", AWARDED: "Tặng danh hiệu", REJECTED: "Không đề nghị" } as const;
