-- HA-CAMPAIGNS, EM-DEMOTE: Tháng Nhân đạo's share of the resource-mobilisation target is humanitarian's
-- rule row (Kiên Giang 2024, the province and its districts: 20%), read with the figure
-- (Chapter.humanitarianMonthShare); a plan no longer holds a copy of it, which applied the 20% to
-- any plan, year and chapter that named the rule.
UPDATE "DemotionRule" SET threshold = NULL WHERE "indicatorCode" = 'humanitarian.month-value';
