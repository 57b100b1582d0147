-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "humanitarian";

-- CreateEnum
CREATE TYPE "AddressCategory" AS ENUM ('DISABILITY', 'AGENT_ORANGE', 'DISASTER', 'GRAVE_ILLNESS', 'INJURY', 'ORPHAN', 'LONELY_ELDERLY', 'OTHER_VULNERABLE');

-- CreateEnum
CREATE TYPE "AddressStatus" AS ENUM ('SURVEYED', 'PROFILED', 'APPROVED', 'SUPPORTED', 'CLOSED');

-- CreateEnum
CREATE TYPE "AddressKind" AS ENUM ('PERSON', 'HOUSEHOLD');

-- CreateEnum
CREATE TYPE "SupportKind" AS ENUM ('MONTHLY', 'WHEELCHAIR', 'HOUSING', 'REHABILITATION', 'LIVELIHOOD_CAPITAL', 'LIVELIHOOD_SEEDLINGS', 'LIVELIHOOD_LIVESTOCK', 'HEALTH_INSURANCE', 'SAVINGS_BOOK', 'OTHER');

-- CreateEnum
CREATE TYPE "CampaignKind" AS ENUM ('ADDRESS_CAMPAIGN', 'TET_NHAN_AI', 'THANG_NHAN_DAO', 'PROGRAMME');

-- CreateEnum
CREATE TYPE "SponsorKind" AS ENUM ('ORGANISATION', 'INDIVIDUAL');

-- CreateTable
CREATE TABLE "TreeChapter" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,

    CONSTRAINT "TreeChapter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TreeClosure" (
    "ancestorId" UUID NOT NULL,
    "descendantId" UUID NOT NULL,
    "depth" INTEGER NOT NULL,
    "validFrom" DATE NOT NULL,
    "validTo" DATE,

    CONSTRAINT "TreeClosure_pkey" PRIMARY KEY ("ancestorId","descendantId","validFrom")
);

-- CreateTable
CREATE TABLE "TreeSuccession" (
    "predecessorId" UUID NOT NULL,
    "successorId" UUID NOT NULL,
    "kind" TEXT NOT NULL,

    CONSTRAINT "TreeSuccession_pkey" PRIMARY KEY ("predecessorId","successorId")
);

-- CreateTable
CREATE TABLE "TreeReplicaCursor" (
    "id" INTEGER NOT NULL,
    "lastEventId" BIGINT NOT NULL,

    CONSTRAINT "TreeReplicaCursor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HumanitarianAddress" (
    "id" UUID NOT NULL,
    "chapterId" UUID NOT NULL,
    "kind" "AddressKind" NOT NULL,
    "category" "AddressCategory" NOT NULL,
    "status" "AddressStatus" NOT NULL DEFAULT 'SURVEYED',
    "fullName" TEXT NOT NULL,
    "birthYear" INTEGER,
    "nationalId" TEXT,
    "phone" TEXT,
    "addressLine" TEXT NOT NULL,
    "healthNote" TEXT,
    "householdSize" INTEGER NOT NULL DEFAULT 1,
    "needs" TEXT NOT NULL,
    "priorityRank" INTEGER,
    "consentOn" DATE,
    "consentBy" TEXT,
    "surveyedOn" DATE NOT NULL,
    "surveyedBy" TEXT NOT NULL,
    "profiledOn" DATE,
    "profiledBy" TEXT,
    "approvedOn" DATE,
    "approvedBy" TEXT,
    "supportedOn" DATE,
    "supportedBy" TEXT,
    "closedOn" DATE,
    "closedBy" TEXT,
    "closeReason" TEXT,
    "publishedOn" DATE,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HumanitarianAddress_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Sponsor" (
    "id" UUID NOT NULL,
    "chapterId" UUID NOT NULL,
    "kind" "SponsorKind" NOT NULL,
    "name" TEXT NOT NULL,
    "isHeadOfAgency" BOOLEAN NOT NULL DEFAULT false,
    "isHonoraryPresident" BOOLEAN NOT NULL DEFAULT false,
    "phone" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Sponsor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Pledge" (
    "id" UUID NOT NULL,
    "sponsorId" UUID NOT NULL,
    "addressId" UUID NOT NULL,
    "startsOn" DATE NOT NULL,
    "endsOn" DATE,
    "promisedKind" "SupportKind" NOT NULL,
    "promisedValue" BIGINT NOT NULL,
    "recordedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Pledge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Campaign" (
    "id" UUID NOT NULL,
    "chapterId" UUID NOT NULL,
    "kind" "CampaignKind" NOT NULL,
    "name" TEXT NOT NULL,
    "startsOn" DATE NOT NULL,
    "endsOn" DATE NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignTarget" (
    "campaignId" UUID NOT NULL,
    "chapterId" UUID NOT NULL,
    "value" BIGINT NOT NULL,
    "people" INTEGER,
    "addresses" INTEGER,

    CONSTRAINT "CampaignTarget_pkey" PRIMARY KEY ("campaignId","chapterId")
);

-- CreateTable
CREATE TABLE "SupportRecord" (
    "id" UUID NOT NULL,
    "chapterId" UUID NOT NULL,
    "addressId" UUID NOT NULL,
    "sponsorId" UUID NOT NULL,
    "campaignId" UUID NOT NULL,
    "kind" "SupportKind" NOT NULL,
    "value" BIGINT NOT NULL,
    "givenOn" DATE NOT NULL,
    "note" TEXT,
    "recordedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SupportRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HumanitarianRule" (
    "id" UUID NOT NULL,
    "chapterId" UUID NOT NULL,
    "indicatorCode" TEXT NOT NULL,
    "comparison" TEXT NOT NULL,
    "threshold" DOUBLE PRECISION NOT NULL,
    "communeStruggling" BOOLEAN,
    "depth" INTEGER,
    "fromYear" INTEGER NOT NULL,
    "toYear" INTEGER,
    "source" TEXT NOT NULL,

    CONSTRAINT "HumanitarianRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CommuneCondition" (
    "chapterId" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "struggling" BOOLEAN NOT NULL,

    CONSTRAINT "CommuneCondition_pkey" PRIMARY KEY ("chapterId","year")
);

-- CreateTable
CREATE TABLE "IdempotencyReceipt" (
    "subject" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "inputHash" TEXT NOT NULL,
    "result" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IdempotencyReceipt_pkey" PRIMARY KEY ("subject","operation","key")
);

-- CreateIndex
CREATE UNIQUE INDEX "TreeChapter_code_key" ON "TreeChapter"("code");

-- CreateIndex
CREATE INDEX "TreeClosure_descendantId_validFrom_idx" ON "TreeClosure"("descendantId", "validFrom");

-- CreateIndex
CREATE INDEX "TreeClosure_ancestorId_validTo_idx" ON "TreeClosure"("ancestorId", "validTo");

-- CreateIndex
CREATE INDEX "TreeSuccession_successorId_idx" ON "TreeSuccession"("successorId");

-- CreateIndex
CREATE INDEX "HumanitarianAddress_chapterId_status_idx" ON "HumanitarianAddress"("chapterId", "status");

-- CreateIndex
CREATE INDEX "HumanitarianAddress_chapterId_surveyedOn_idx" ON "HumanitarianAddress"("chapterId", "surveyedOn");

-- CreateIndex
CREATE UNIQUE INDEX "HumanitarianAddress_chapterId_priorityRank_key" ON "HumanitarianAddress"("chapterId", "priorityRank");

-- CreateIndex
CREATE INDEX "Sponsor_chapterId_idx" ON "Sponsor"("chapterId");

-- CreateIndex
CREATE INDEX "Pledge_addressId_idx" ON "Pledge"("addressId");

-- CreateIndex
CREATE UNIQUE INDEX "Pledge_sponsorId_addressId_startsOn_key" ON "Pledge"("sponsorId", "addressId", "startsOn");

-- CreateIndex
CREATE INDEX "Campaign_chapterId_idx" ON "Campaign"("chapterId");

-- CreateIndex
CREATE INDEX "SupportRecord_campaignId_idx" ON "SupportRecord"("campaignId");

-- CreateIndex
CREATE INDEX "SupportRecord_chapterId_givenOn_idx" ON "SupportRecord"("chapterId", "givenOn");

-- CreateIndex
CREATE UNIQUE INDEX "SupportRecord_gift_counted_once" ON "SupportRecord"("addressId", "sponsorId", "kind", "givenOn");

-- CreateIndex
CREATE INDEX "HumanitarianRule_chapterId_idx" ON "HumanitarianRule"("chapterId");

-- AddForeignKey
ALTER TABLE "Pledge" ADD CONSTRAINT "Pledge_sponsorId_fkey" FOREIGN KEY ("sponsorId") REFERENCES "Sponsor"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Pledge" ADD CONSTRAINT "Pledge_addressId_fkey" FOREIGN KEY ("addressId") REFERENCES "HumanitarianAddress"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignTarget" ADD CONSTRAINT "CampaignTarget_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SupportRecord" ADD CONSTRAINT "SupportRecord_addressId_fkey" FOREIGN KEY ("addressId") REFERENCES "HumanitarianAddress"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SupportRecord" ADD CONSTRAINT "SupportRecord_sponsorId_fkey" FOREIGN KEY ("sponsorId") REFERENCES "Sponsor"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SupportRecord" ADD CONSTRAINT "SupportRecord_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Rules the database holds whatever code writes (HA-PROFILE, HA-SUPPORT): consent precedes
-- profiling, each step after surveying has its who and when, money is never negative.
ALTER TABLE "HumanitarianAddress" ADD CONSTRAINT "HumanitarianAddress_consent_before_profiling"
  CHECK ("status" = 'SURVEYED' OR ("consentOn" IS NOT NULL AND "profiledOn" IS NOT NULL AND "consentOn" <= "profiledOn"));
ALTER TABLE "HumanitarianAddress" ADD CONSTRAINT "HumanitarianAddress_steps_recorded"
  CHECK (("status" NOT IN ('APPROVED', 'SUPPORTED', 'CLOSED') OR "approvedOn" IS NOT NULL)
     AND ("status" NOT IN ('SUPPORTED') OR "supportedOn" IS NOT NULL)
     AND ("status" <> 'CLOSED' OR "closedOn" IS NOT NULL));
ALTER TABLE "SupportRecord" ADD CONSTRAINT "SupportRecord_value_positive" CHECK ("value" > 0);
ALTER TABLE "Pledge" ADD CONSTRAINT "Pledge_value_not_negative" CHECK ("promisedValue" >= 0);
ALTER TABLE "CampaignTarget" ADD CONSTRAINT "CampaignTarget_value_not_negative" CHECK ("value" >= 0);
