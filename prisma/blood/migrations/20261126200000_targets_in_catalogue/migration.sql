-- BL-TARGETS: blood's own targets move into organization's Target catalogue (one source, issue 8),
-- the population stays here, per chapter and year.
-- DropTable
DROP TABLE "BloodTarget";
