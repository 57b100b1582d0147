-- HA-CALENDAR: the steering committee's member agencies report too (seed 004 §V.2: Bình Phước's
-- committee members — departments, unions, mass organisations — send the half-year and annual
-- reports, 2023). They are not chapters: each is a row under the chapter whose committee it sits on
-- (SteeringAgency, for the years its document names, with its source); what they owe is a row per
-- report kind (AgencyReportDuty, half-year and annual only); a report received from one is recorded
-- by the chapter's officer (AgencyReport), one per agency, year and kind.

CREATE TABLE "SteeringAgency" (
    "id" UUID NOT NULL,
    "chapterId" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "fromYear" INTEGER NOT NULL,
    "toYear" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    CONSTRAINT "SteeringAgency_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "SteeringAgency_years" CHECK ("fromYear" <= "toYear"),
    CONSTRAINT "SteeringAgency_code" CHECK (length(btrim("code")) > 0),
    CONSTRAINT "SteeringAgency_name" CHECK (length(btrim("name")) > 0),
    CONSTRAINT "SteeringAgency_source" CHECK (length(btrim("source")) > 0)
);
CREATE UNIQUE INDEX "SteeringAgency_chapterId_code_key" ON "SteeringAgency"("chapterId", "code");

CREATE TABLE "AgencyReportDuty" (
    "chapterId" UUID NOT NULL,
    "kind" "ReportKind" NOT NULL,
    "fromYear" INTEGER NOT NULL,
    "toYear" INTEGER NOT NULL,
    "beforeMonth" INTEGER NOT NULL,
    "beforeDay" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    CONSTRAINT "AgencyReportDuty_pkey" PRIMARY KEY ("chapterId", "kind", "fromYear"),
    CONSTRAINT "AgencyReportDuty_years" CHECK ("fromYear" <= "toYear"),
    -- seed 004 §V.2 asks the member agencies for these two only
    CONSTRAINT "AgencyReportDuty_kind" CHECK ("kind" IN ('HALF_YEAR', 'ANNUAL')),
    -- a day every year has (no 29 February)
    CONSTRAINT "AgencyReportDuty_before" CHECK ("beforeMonth" BETWEEN 1 AND 12 AND "beforeDay" BETWEEN 1 AND CASE "beforeMonth" WHEN 2 THEN 28 WHEN 4 THEN 30 WHEN 6 THEN 30 WHEN 9 THEN 30 WHEN 11 THEN 30 ELSE 31 END),
    CONSTRAINT "AgencyReportDuty_source" CHECK (length(btrim("source")) > 0)
);

CREATE TABLE "AgencyReport" (
    "id" UUID NOT NULL,
    "agencyId" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "kind" "ReportKind" NOT NULL,
    "periodFrom" DATE NOT NULL,
    "periodTo" DATE NOT NULL,
    "dueOn" DATE NOT NULL,
    "receivedOn" DATE NOT NULL,
    "recordedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AgencyReport_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "AgencyReport_kind" CHECK ("kind" IN ('HALF_YEAR', 'ANNUAL'))
);
CREATE UNIQUE INDEX "AgencyReport_agencyId_year_kind_key" ON "AgencyReport"("agencyId", "year", "kind");
ALTER TABLE "AgencyReport" ADD CONSTRAINT "AgencyReport_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "SteeringAgency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
