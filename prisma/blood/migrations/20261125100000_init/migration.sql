-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "blood";

-- CreateEnum
CREATE TYPE "AboGroup" AS ENUM ('O', 'A', 'B', 'AB');

-- CreateEnum
CREATE TYPE "RhFactor" AS ENUM ('POSITIVE', 'NEGATIVE');

-- CreateEnum
CREATE TYPE "DonorClub" AS ENUM ('OUTREACH', 'RESERVE', 'FAMILY', 'RARE_GROUP');

-- CreateEnum
CREATE TYPE "DriveKind" AS ENUM ('XUAN_HONG', 'CHU_NHAT_DO', 'HANH_TRINH_DO', 'GIOT_MAU_HONG', 'NATIONAL_DAY', 'WORLD_DONOR_DAY', 'OTHER');

-- CreateEnum
CREATE TYPE "RegistrationStatus" AS ENUM ('REGISTERED', 'CHECKED_IN', 'DONATED', 'DEFERRED');

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
CREATE TABLE "DonationType" (
    "code" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "intervalDays" INTEGER NOT NULL,
    "basis" TEXT NOT NULL,

    CONSTRAINT "DonationType_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "DeferralReason" (
    "code" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "defaultDays" INTEGER,

    CONSTRAINT "DeferralReason_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "Donor" (
    "id" UUID NOT NULL,
    "chapterId" UUID NOT NULL,
    "fullName" TEXT NOT NULL,
    "birthDate" DATE,
    "nationalId" TEXT,
    "phone" TEXT,
    "abo" "AboGroup" NOT NULL,
    "rh" "RhFactor" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "idempotencyKey" TEXT,
    "mergedIntoId" UUID,
    "mergedAt" TIMESTAMP(3),

    CONSTRAINT "Donor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DonorClubMember" (
    "donorId" UUID NOT NULL,
    "club" "DonorClub" NOT NULL,
    "joinedOn" DATE NOT NULL,

    CONSTRAINT "DonorClubMember_pkey" PRIMARY KEY ("donorId","club")
);

-- CreateTable
CREATE TABLE "Deferral" (
    "id" UUID NOT NULL,
    "donorId" UUID NOT NULL,
    "reasonCode" TEXT NOT NULL,
    "startsOn" DATE NOT NULL,
    "endsOn" DATE,
    "note" TEXT,
    "driveId" UUID,

    CONSTRAINT "Deferral_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Drive" (
    "id" UUID NOT NULL,
    "chapterId" UUID NOT NULL,
    "kind" "DriveKind" NOT NULL,
    "name" TEXT NOT NULL,
    "place" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "targetUnits" INTEGER NOT NULL,
    "bloodCentre" TEXT NOT NULL,
    "resultRecordedAt" TIMESTAMP(3),
    "idempotencyKey" TEXT,

    CONSTRAINT "Drive_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DriveRegistration" (
    "id" UUID NOT NULL,
    "driveId" UUID NOT NULL,
    "donorId" UUID NOT NULL,
    "walkIn" BOOLEAN NOT NULL DEFAULT false,
    "status" "RegistrationStatus" NOT NULL DEFAULT 'REGISTERED',
    "registeredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "checkedInAt" TIMESTAMP(3),

    CONSTRAINT "DriveRegistration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Donation" (
    "id" UUID NOT NULL,
    "donorId" UUID NOT NULL,
    "chapterId" UUID NOT NULL,
    "driveId" UUID,
    "donatedOn" DATE NOT NULL,
    "typeCode" TEXT NOT NULL,
    "volumeMl" INTEGER NOT NULL,
    "units" DECIMAL(8,2) NOT NULL,
    "isFirst" BOOLEAN NOT NULL,
    "idempotencyKey" TEXT,
    "recordedBy" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Donation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChapterPopulation" (
    "chapterId" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "population" INTEGER NOT NULL,

    CONSTRAINT "ChapterPopulation_pkey" PRIMARY KEY ("chapterId","year")
);

-- CreateTable
CREATE TABLE "BloodTarget" (
    "chapterId" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "units" INTEGER,
    "repeatRatePercent" DOUBLE PRECISION,
    "populationSharePercent" DOUBLE PRECISION,
    "organRegistrations" INTEGER,

    CONSTRAINT "BloodTarget_pkey" PRIMARY KEY ("chapterId","year")
);

-- CreateTable
CREATE TABLE "HonourRuleSet" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "basis" TEXT NOT NULL,

    CONSTRAINT "HonourRuleSet_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "HonourTier" (
    "id" UUID NOT NULL,
    "ruleSetCode" TEXT NOT NULL,
    "donations" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "awardingBody" TEXT NOT NULL,

    CONSTRAINT "HonourTier_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Honour" (
    "donorId" UUID NOT NULL,
    "tierId" UUID NOT NULL,
    "reachedOn" DATE NOT NULL,
    "awardedOn" DATE NOT NULL,
    "chapterId" UUID NOT NULL,

    CONSTRAINT "Honour_pkey" PRIMARY KEY ("donorId","tierId")
);

-- CreateTable
CREATE TABLE "OrganRegistration" (
    "id" UUID NOT NULL,
    "chapterId" UUID NOT NULL,
    "fullName" TEXT NOT NULL,
    "birthDate" DATE,
    "nationalId" TEXT,
    "phone" TEXT,
    "registeredOn" DATE NOT NULL,
    "organs" TEXT[],
    "consentSignedOn" DATE NOT NULL,
    "consentDocument" TEXT NOT NULL,
    "consentWitness" TEXT,
    "withdrawnOn" DATE,
    "idempotencyKey" TEXT,
    "recordedBy" TEXT NOT NULL,

    CONSTRAINT "OrganRegistration_pkey" PRIMARY KEY ("id")
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
CREATE UNIQUE INDEX "Donor_idempotencyKey_key" ON "Donor"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Donor_chapterId_idx" ON "Donor"("chapterId");

-- CreateIndex
CREATE INDEX "Donor_nationalId_idx" ON "Donor"("nationalId");

-- CreateIndex
CREATE INDEX "Donor_phone_idx" ON "Donor"("phone");

-- CreateIndex
CREATE INDEX "Donor_mergedIntoId_idx" ON "Donor"("mergedIntoId");

-- CreateIndex
CREATE INDEX "Deferral_donorId_startsOn_idx" ON "Deferral"("donorId", "startsOn");

-- CreateIndex
CREATE UNIQUE INDEX "Drive_idempotencyKey_key" ON "Drive"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Drive_chapterId_date_idx" ON "Drive"("chapterId", "date");

-- CreateIndex
CREATE INDEX "DriveRegistration_donorId_idx" ON "DriveRegistration"("donorId");

-- CreateIndex
CREATE UNIQUE INDEX "DriveRegistration_driveId_donorId_key" ON "DriveRegistration"("driveId", "donorId");

-- CreateIndex
CREATE UNIQUE INDEX "Donation_idempotencyKey_key" ON "Donation"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Donation_donorId_donatedOn_idx" ON "Donation"("donorId", "donatedOn");

-- CreateIndex
CREATE INDEX "Donation_chapterId_donatedOn_idx" ON "Donation"("chapterId", "donatedOn");

-- CreateIndex
CREATE INDEX "Donation_driveId_idx" ON "Donation"("driveId");

-- CreateIndex
CREATE UNIQUE INDEX "HonourTier_ruleSetCode_donations_key" ON "HonourTier"("ruleSetCode", "donations");

-- CreateIndex
CREATE UNIQUE INDEX "OrganRegistration_idempotencyKey_key" ON "OrganRegistration"("idempotencyKey");

-- CreateIndex
CREATE INDEX "OrganRegistration_chapterId_registeredOn_idx" ON "OrganRegistration"("chapterId", "registeredOn");

-- AddForeignKey
ALTER TABLE "DonorClubMember" ADD CONSTRAINT "DonorClubMember_donorId_fkey" FOREIGN KEY ("donorId") REFERENCES "Donor"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deferral" ADD CONSTRAINT "Deferral_donorId_fkey" FOREIGN KEY ("donorId") REFERENCES "Donor"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deferral" ADD CONSTRAINT "Deferral_reasonCode_fkey" FOREIGN KEY ("reasonCode") REFERENCES "DeferralReason"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DriveRegistration" ADD CONSTRAINT "DriveRegistration_driveId_fkey" FOREIGN KEY ("driveId") REFERENCES "Drive"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DriveRegistration" ADD CONSTRAINT "DriveRegistration_donorId_fkey" FOREIGN KEY ("donorId") REFERENCES "Donor"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Donation" ADD CONSTRAINT "Donation_donorId_fkey" FOREIGN KEY ("donorId") REFERENCES "Donor"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Donation" ADD CONSTRAINT "Donation_driveId_fkey" FOREIGN KEY ("driveId") REFERENCES "Drive"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Donation" ADD CONSTRAINT "Donation_typeCode_fkey" FOREIGN KEY ("typeCode") REFERENCES "DonationType"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HonourTier" ADD CONSTRAINT "HonourTier_ruleSetCode_fkey" FOREIGN KEY ("ruleSetCode") REFERENCES "HonourRuleSet"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Honour" ADD CONSTRAINT "Honour_donorId_fkey" FOREIGN KEY ("donorId") REFERENCES "Donor"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Honour" ADD CONSTRAINT "Honour_tierId_fkey" FOREIGN KEY ("tierId") REFERENCES "HonourTier"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

