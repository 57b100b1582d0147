-- CreateEnum
CREATE TYPE "MembershipKind" AS ENUM ('MEMBER', 'VOLUNTEER', 'YOUTH', 'STAFF');

-- CreateEnum
CREATE TYPE "MembershipEnd" AS ENUM ('LEFT', 'MOVED');

-- CreateEnum
CREATE TYPE "FundEntryKind" AS ENUM ('INCOME', 'SPENDING', 'TRANSFER_IN', 'TRANSFER_OUT');

-- CreateEnum
CREATE TYPE "ClubKind" AS ENUM ('FIRST_AID_TEAM', 'DISASTER_RESPONSE_TEAM', 'BLOOD_DONOR_CLUB');

-- CreateEnum
CREATE TYPE "OrganisationKind" AS ENUM ('AGENCY', 'SCHOOL', 'HOSPITAL', 'ENTERPRISE');

-- CreateEnum
CREATE TYPE "IndicatorUnit" AS ENUM ('COUNT', 'PERCENT', 'VND', 'BLOOD_UNITS');

-- CreateTable
CREATE TABLE "Person" (
    "id" UUID NOT NULL,
    "fullName" TEXT NOT NULL,
    "searchName" TEXT NOT NULL,
    "birthDate" DATE,
    "phone" TEXT,
    "nationalId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Membership" (
    "id" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "chapterId" UUID NOT NULL,
    "kind" "MembershipKind" NOT NULL,
    "joinedOn" DATE NOT NULL,
    "leftOn" DATE,
    "endReason" "MembershipEnd",
    "lineageId" UUID NOT NULL,

    CONSTRAINT "Membership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DuesPolicy" (
    "chapterId" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "amount" BIGINT NOT NULL,

    CONSTRAINT "DuesPolicy_pkey" PRIMARY KEY ("chapterId","year")
);

-- CreateTable
CREATE TABLE "DuesPayment" (
    "id" UUID NOT NULL,
    "membershipId" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "amount" BIGINT NOT NULL,
    "paidOn" DATE NOT NULL,
    "recordedBy" TEXT NOT NULL,

    CONSTRAINT "DuesPayment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DuesExemption" (
    "id" UUID NOT NULL,
    "membershipId" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "recordedBy" TEXT NOT NULL,

    CONSTRAINT "DuesExemption_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FundEntry" (
    "id" UUID NOT NULL,
    "chapterId" UUID NOT NULL,
    "entryDate" DATE NOT NULL,
    "kind" "FundEntryKind" NOT NULL,
    "amount" BIGINT NOT NULL,
    "source" TEXT NOT NULL,
    "note" TEXT,
    "recordedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FundEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FundTarget" (
    "id" UUID NOT NULL,
    "chapterId" UUID,
    "level" "ChapterLevel",
    "withinId" UUID,
    "amount" BIGINT NOT NULL,
    "note" TEXT,

    CONSTRAINT "FundTarget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Club" (
    "id" UUID NOT NULL,
    "chapterId" UUID NOT NULL,
    "kind" "ClubKind" NOT NULL,
    "name" TEXT NOT NULL,
    "servesLevel" "ChapterLevel" NOT NULL,
    "foundedOn" DATE NOT NULL,

    CONSTRAINT "Club_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClubMember" (
    "clubId" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "joinedOn" DATE NOT NULL,
    "leftOn" DATE,

    CONSTRAINT "ClubMember_pkey" PRIMARY KEY ("clubId","personId","joinedOn")
);

-- CreateTable
CREATE TABLE "Organisation" (
    "id" UUID NOT NULL,
    "chapterId" UUID NOT NULL,
    "kind" "OrganisationKind" NOT NULL,
    "name" TEXT NOT NULL,
    "hasRedCross" BOOLEAN NOT NULL,
    "redCrossSince" DATE,
    "listedOn" DATE NOT NULL,
    "delistedOn" DATE,

    CONSTRAINT "Organisation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Indicator" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "unit" "IndicatorUnit" NOT NULL,
    "ownerSubgraph" TEXT NOT NULL,
    "description" TEXT,

    CONSTRAINT "Indicator_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "Target" (
    "chapterId" UUID NOT NULL,
    "indicatorCode" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "assignedById" UUID NOT NULL,
    "assignedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Target_pkey" PRIMARY KEY ("chapterId","indicatorCode","year")
);

-- CreateTable
CREATE TABLE "MutationReceipt" (
    "key" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "result" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MutationReceipt_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "Person_nationalId_key" ON "Person"("nationalId");

-- CreateIndex
CREATE INDEX "Membership_chapterId_joinedOn_idx" ON "Membership"("chapterId", "joinedOn");

-- CreateIndex
CREATE INDEX "Membership_personId_idx" ON "Membership"("personId");

-- CreateIndex
CREATE INDEX "Membership_lineageId_idx" ON "Membership"("lineageId");

-- CreateIndex
CREATE INDEX "DuesPayment_year_idx" ON "DuesPayment"("year");

-- CreateIndex
CREATE UNIQUE INDEX "DuesPayment_membershipId_year_key" ON "DuesPayment"("membershipId", "year");

-- CreateIndex
CREATE INDEX "DuesExemption_year_idx" ON "DuesExemption"("year");

-- CreateIndex
CREATE UNIQUE INDEX "DuesExemption_membershipId_year_key" ON "DuesExemption"("membershipId", "year");

-- CreateIndex
CREATE INDEX "FundEntry_chapterId_entryDate_idx" ON "FundEntry"("chapterId", "entryDate");

-- CreateIndex
CREATE INDEX "Club_chapterId_idx" ON "Club"("chapterId");

-- CreateIndex
CREATE INDEX "ClubMember_personId_idx" ON "ClubMember"("personId");

-- CreateIndex
CREATE INDEX "Organisation_chapterId_listedOn_idx" ON "Organisation"("chapterId", "listedOn");

-- CreateIndex
CREATE INDEX "Target_assignedById_indicatorCode_year_idx" ON "Target"("assignedById", "indicatorCode", "year");

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DuesPayment" ADD CONSTRAINT "DuesPayment_membershipId_fkey" FOREIGN KEY ("membershipId") REFERENCES "Membership"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DuesExemption" ADD CONSTRAINT "DuesExemption_membershipId_fkey" FOREIGN KEY ("membershipId") REFERENCES "Membership"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClubMember" ADD CONSTRAINT "ClubMember_clubId_fkey" FOREIGN KEY ("clubId") REFERENCES "Club"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClubMember" ADD CONSTRAINT "ClubMember_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Target" ADD CONSTRAINT "Target_indicatorCode_fkey" FOREIGN KEY ("indicatorCode") REFERENCES "Indicator"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

