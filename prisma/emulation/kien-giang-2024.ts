// EM-PLAN demo data: Kiên Giang province chapter's 2024 emulation plan (seed 002), as a PlanInput.
// Seed 002 gives the nine contents, the two phases, the deadlines, the class table and the
// demotion rules, and says the units are scored on 43 criteria (Công văn 51/CTĐKG of 13 June
// 2023, which the seeds do not quote): the 43 criteria below are the plan's own tasks and
// targets, content by content, so every criterion traces to a line of seed 002.
import type { PlanInput } from "../../subgraphs/emulation/src/plans/write.ts";

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);

const CONTENTS: [string, string[]][] = [
  ["Công tác xã hội nhân đạo", [
    "Tổ chức Phong trào “Tết Nhân ái” Xuân Giáp Thìn 2024 đạt và vượt chỉ tiêu được giao",
    "“Tháng Nhân đạo” năm 2024: trị giá trợ giúp đạt 20% chỉ tiêu vận động nguồn lực năm",
    "Cuộc vận động “Mỗi tổ chức, mỗi cá nhân gắn với một địa chỉ nhân đạo”: vận động chi bộ, ban ngành, trường học, bệnh viện, lực lượng vũ trang trợ giúp",
    "Khảo sát, nắm nhu cầu đối tượng cần trợ giúp và vận động nhà tài trợ hỗ trợ phù hợp",
    "Chương trình “Dinh dưỡng cho trẻ em nghèo, khuyết tật”",
    "Chương trình “An toàn cho ngư dân nghèo, khó khăn”",
    "Kiện toàn và phát huy vai trò tình nguyện viên trong vận động nguồn lực",
    "Hoạt động nhân đạo trong trường học; nhân rộng, tổng kết mô hình nhân đạo học đường",
  ]],
  ["Phòng ngừa, ứng phó thiên tai", [
    "Xây dựng kế hoạch phòng ngừa ứng phó thiên tai năm 2024 triển khai đến các cấp Hội",
    "Thực hiện phương châm “4 tại chỗ”; kiện toàn Đội ứng phó thảm họa cấp huyện và cơ sở",
    "Mở lớp tập huấn kiến thức, kỹ năng phòng ngừa, ứng phó thiên tai, sơ cấp cứu, cứu hộ, cứu nạn",
    "Tham mưu xây dựng quỹ cứu trợ khẩn cấp, dự trữ tiền, gạo, trang thiết bị",
  ]],
  ["Chăm sóc sức khỏe ban đầu cho nhân dân", [
    "Tuyên truyền, tư vấn chăm sóc sức khỏe ban đầu, phòng chống dịch bệnh",
    "Khám chữa bệnh nhân đạo: đội bác sĩ tình nguyện, tổ thuốc nam; đạt chỉ tiêu khám bệnh, cấp thuốc miễn phí",
    "Điểm, chốt sơ cấp cứu xung yếu được cấp phép (Thông tư 17/2014/TT-BYT)",
    "Chuẩn hóa đội ngũ tập huấn viên, hướng dẫn viên, tình nguyện viên sơ cấp cứu",
    "Tập huấn sơ cấp cứu cho cán bộ, hội viên, tình nguyện viên, trường học",
  ]],
  ["Vận động hiến máu tình nguyện và hiến mô, tạng", [
    "Kiện toàn Ban Chỉ đạo vận động hiến máu tình nguyện các cấp",
    "Tổ chức “Lễ hội Xuân Hồng”, “Chủ nhật đỏ”, “Hành trình đỏ”, “Những giọt máu hồng”",
    "Hưởng ứng Ngày toàn dân hiến máu 7/4 và tôn vinh người hiến máu 14/6",
    "Kiện toàn, thành lập mới các câu lạc bộ hiến máu tình nguyện",
    "Đạt chỉ tiêu đơn vị máu được giao (tỉnh: 23.100 đơn vị)",
    "Tỷ lệ hiến máu nhắc lại đạt 90%",
    "Tỷ lệ dân số tham gia hiến máu tình nguyện đạt 1,3% trở lên",
    "Vận động 10–20 người đăng ký hiến mô, tạng mỗi đơn vị",
  ]],
  ["Truyền thông, xây dựng quỹ Hội", [
    "Sự kiện, chiến dịch truyền thông nhân các ngày 8/5, sơ cấp cứu thế giới, 13/10, 23/11",
    "Phối hợp báo, đài, trang thông tin điện tử, fanpage tuyên truyền hoạt động nhân đạo",
    "Quỹ Hội cấp huyện có số dư 50 triệu đồng trở lên",
    "Quỹ Hội cơ sở xã, phường, thị trấn có số dư 10 triệu đồng trở lên",
  ]],
  ["Công tác đối ngoại", [
    "Kế hoạch, chương trình, dự án hợp tác; thu hút tài trợ từ đối tác",
    "Công tác liên tịch với Ủy ban Mặt trận Tổ quốc, các đoàn thể; sơ, tổng kết định kỳ",
  ]],
  ["Xây dựng tổ chức Hội", [
    "Nâng chất lượng hoạt động tổ chức Hội cơ sở; đa dạng hóa mô hình",
    "Cập nhật thông tin hội viên, tình nguyện viên vào hệ thống dữ liệu quốc gia về dân cư",
    "Phát triển hội viên đạt chỉ tiêu",
    "Thu nộp hội phí đạt 90% trở lên",
    "Đào tạo, tập huấn cán bộ Hội theo khung chương trình của Trung ương Hội",
    "Cử cán bộ tham gia tập huấn do tỉnh tổ chức đạt 80% trở lên",
  ]],
  ["Tham mưu, chỉ đạo và phối hợp", [
    "Tham gia xây dựng đề án phát triển kinh tế – xã hội; đảm nhận nhiệm vụ thế mạnh của Hội",
    "Phối hợp ngành Giáo dục xây dựng Hội Chữ thập đỏ trường học",
    "Tham mưu dự toán ngân sách năm 2024 và hỗ trợ tập huấn",
  ]],
  ["Kiểm tra, thi đua khen thưởng", [
    "Kiểm tra, giám sát thu, chi, quản lý quỹ, hội phí",
    "Chế độ thông tin báo cáo đúng mẫu, biểu, thời gian quy định",
    "Phong trào “Người tốt, việc thiện – Chung sức xây dựng cộng đồng nhân ái”",
  ]],
];

export const KIEN_GIANG_2024_SOURCE = "Kế hoạch phát động thi đua công tác Hội và phong trào Chữ thập đỏ năm 2024, Hội Chữ thập đỏ tỉnh Kiên Giang (seed 002)";

/** The plan, for the Kiên Giang chapter's id. */
export function kienGiang2024(chapterId: string): PlanInput {
  const criteria = CONTENTS.flatMap(([area, titles], a) => titles.map((title, i) => ({ code: `${a + 1}.${i + 1}`, area, title })));
  if (criteria.length !== 43) throw new Error(`seed 002 scores 43 criteria, the demo lists ${criteria.length}`);
  return {
    chapterId,
    year: 2024,
    title: "Kế hoạch phát động thi đua công tác Hội và phong trào Chữ thập đỏ năm 2024",
    source: KIEN_GIANG_2024_SOURCE,
    registrationDeadline: d("2024-02-22"),
    // seed 002 §V.4: "trước ngày 10/12/2024" is the cluster heads' deadline for forwarding their
    // cluster's scores (EM-SCORE), not each unit's own sheet; the plan sets no deadline for the units
    submissionDeadline: null,
    forwardingDeadline: d("2024-12-10"),
    demotionsStack: false,
    contents: CONTENTS.map(([area]) => area),
    phases: [
      { name: "Đợt 1 (sơ kết 6 tháng)", startsOn: d("2024-01-01"), endsOn: d("2024-06-30") },
      { name: "Đợt 2 (tổng kết năm)", startsOn: d("2024-07-01"), endsOn: d("2024-12-31") },
    ],
    criteria,
    classRules: [
      { class: "EXCELLENT", minA: 41, maxC: 3, minBaseShare: 0.75 },
      { class: "GOOD", minA: 36, maxC: 5, minBaseShare: 0.75 },
      { class: "AVERAGE", minA: 32, maxC: 7, minBaseShare: 0.3 },
    ],
    demotions: [
      { code: "DUES", label: "Nộp hội phí đạt dưới 90%", effect: "DEMOTE", source: "ORGANIZATION", indicatorCode: "org.dues-rate", threshold: 90 },
      { code: "MEMBER_GROWTH", label: "Phát triển hội viên đạt dưới 90% chỉ tiêu", effect: "DEMOTE", source: "ORGANIZATION", indicatorCode: "org.member-growth", threshold: 90, ofTarget: true },
      { code: "LATE_REPORT", label: "Chế độ thông tin báo cáo không đúng mẫu, biểu, thời gian quy định", effect: "DEMOTE", source: "INSPECTION" },
      { code: "NO_TRAINING", label: "Không mở lớp tập huấn nghiệp vụ hoặc kỹ năng sơ cấp cứu", effect: "DEMOTE", source: "INSPECTION" },
      { code: "STAFF_TRAINING", label: "Cử cán bộ tham gia tập huấn do tỉnh tổ chức đạt dưới 80%", effect: "DEMOTE", source: "INSPECTION" },
      { code: "MOVEMENT_TARGET", label: "Không tham gia hoặc không hoàn thành chỉ tiêu các phong trào, cuộc vận động", effect: "DEMOTE", source: "INSPECTION" },
      // "Quỹ Hội ở 02 cấp (huyện, xã) không đạt": the district's own fund and each commune's, none may miss
      { code: "FUND_TARGET", label: "Quỹ Hội ở 02 cấp (huyện 50 triệu đồng, xã 10 triệu đồng) không đạt", effect: "DEMOTE", source: "ORGANIZATION", indicatorCode: "org.fund-balance", threshold: 100, ofTarget: true, baseChaptersMayMiss: 0 },
      { code: "RESOURCES", label: "Tổng nguồn lực đạt dưới 90% so với nghị quyết năm", effect: "DEMOTE", source: "HUMANITARIAN", indicatorCode: "humanitarian.value", threshold: 90, ofTarget: true },
      { code: "HUMANITARIAN_MONTH", label: "Giá trị Tháng Nhân đạo dưới 20% so với nghị quyết năm", effect: "DEMOTE", source: "HUMANITARIAN", indicatorCode: "humanitarian.month-value", ofTarget: true },
    ],
  };
}
