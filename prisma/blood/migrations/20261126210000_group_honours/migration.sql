-- BL-HONOURS: families and collectives are honoured by their members' donations together (122/QĐ-BCĐQG),
-- once per tier, and tiers name whom they honour.

-- CreateEnum
CREATE TYPE "HonourSubject" AS ENUM ('INDIVIDUAL', 'FAMILY', 'COLLECTIVE');

-- DropIndex
DROP INDEX "HonourTier_ruleSetCode_donations_key";

-- AlterTable
ALTER TABLE "HonourTier" ADD COLUMN     "subject" "HonourSubject" NOT NULL DEFAULT 'INDIVIDUAL';

-- CreateTable
CREATE TABLE "DonorGroup" (
    "id" UUID NOT NULL,
    "chapterId" UUID NOT NULL,
    "kind" "HonourSubject" NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DonorGroup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DonorGroupMember" (
    "groupId" UUID NOT NULL,
    "donorId" UUID NOT NULL,

    CONSTRAINT "DonorGroupMember_pkey" PRIMARY KEY ("groupId","donorId")
);

-- CreateTable
CREATE TABLE "GroupHonour" (
    "groupId" UUID NOT NULL,
    "tierId" UUID NOT NULL,
    "reachedOn" DATE NOT NULL,
    "awardedOn" DATE NOT NULL,
    "chapterId" UUID NOT NULL,

    CONSTRAINT "GroupHonour_pkey" PRIMARY KEY ("groupId","tierId")
);

-- CreateIndex
CREATE INDEX "DonorGroupMember_donorId_idx" ON "DonorGroupMember"("donorId");

-- CreateIndex
CREATE UNIQUE INDEX "HonourTier_ruleSetCode_subject_donations_key" ON "HonourTier"("ruleSetCode", "subject", "donations");

-- AddForeignKey
ALTER TABLE "DonorGroupMember" ADD CONSTRAINT "DonorGroupMember_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "DonorGroup"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DonorGroupMember" ADD CONSTRAINT "DonorGroupMember_donorId_fkey" FOREIGN KEY ("donorId") REFERENCES "Donor"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupHonour" ADD CONSTRAINT "GroupHonour_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "DonorGroup"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupHonour" ADD CONSTRAINT "GroupHonour_tierId_fkey" FOREIGN KEY ("tierId") REFERENCES "HonourTier"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

