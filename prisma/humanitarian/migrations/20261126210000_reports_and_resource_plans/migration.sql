-- CreateEnum
CREATE TYPE "ReportKind" AS ENUM ('QUARTER_1', 'QUARTER_2', 'QUARTER_3', 'HALF_YEAR', 'ANNUAL');

-- CreateTable
CREATE TABLE "HumanitarianReport" (
    "id" UUID NOT NULL,
    "chapterId" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "kind" "ReportKind" NOT NULL,
    "periodFrom" DATE NOT NULL,
    "periodTo" DATE NOT NULL,
    "dueOn" DATE NOT NULL,
    "submittedOn" DATE NOT NULL,
    "submittedBy" TEXT NOT NULL,
    "snapshot" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HumanitarianReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ResourcePlan" (
    "chapterId" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "target" BIGINT NOT NULL,
    "setBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ResourcePlan_pkey" PRIMARY KEY ("chapterId","year")
);

-- CreateIndex
CREATE UNIQUE INDEX "HumanitarianReport_chapterId_year_kind_key" ON "HumanitarianReport"("chapterId", "year", "kind");

ALTER TABLE "ResourcePlan" ADD CONSTRAINT "ResourcePlan_target_not_negative" CHECK ("target" >= 0);
