-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "emulation";

-- CreateEnum
CREATE TYPE "EmulationClass" AS ENUM ('EXCELLENT', 'GOOD', 'AVERAGE', 'WEAK', 'NOT_CONSIDERED');

-- CreateEnum
CREATE TYPE "Grade" AS ENUM ('A', 'B', 'C');

-- CreateEnum
CREATE TYPE "SheetKind" AS ENUM ('SELF', 'VERIFIED');

-- CreateEnum
CREATE TYPE "DemotionEffect" AS ENUM ('DEMOTE', 'EXCLUDE');

-- CreateEnum
CREATE TYPE "FactSource" AS ENUM ('ORGANIZATION', 'HUMANITARIAN', 'INSPECTION');

-- CreateEnum
CREATE TYPE "ResultStatus" AS ENUM ('PROPOSED', 'CONFIRMED');

-- CreateEnum
CREATE TYPE "RankPlace" AS ENUM ('FIRST', 'SECOND', 'THIRD');

-- CreateEnum
CREATE TYPE "ConferenceLevel" AS ENUM ('BASE', 'DISTRICT', 'PROVINCE');

-- CreateEnum
CREATE TYPE "SegmentKind" AS ENUM ('OPENING', 'MOVEMENT_REPORT', 'EXEMPLAR_TALKS', 'LEADER_SPEECHES', 'EXCHANGE', 'MOVEMENT_LAUNCH', 'HONOURING', 'DELEGATE_APPROVAL', 'CLOSING');

-- CreateEnum
CREATE TYPE "HonoureeKind" AS ENUM ('COLLECTIVE', 'INDIVIDUAL');

-- CreateEnum
CREATE TYPE "TitleKind" AS ENUM ('GOOD_PERSON_GOOD_DEED', 'CARING_COMMUNITY');

-- CreateEnum
CREATE TYPE "TitleDecisionKind" AS ENUM ('FORWARDED', 'AWARDED', 'REJECTED');

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
CREATE TABLE "EmulationPlan" (
    "id" UUID NOT NULL,
    "chapterId" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "registrationDeadline" DATE NOT NULL,
    "submissionDeadline" DATE NOT NULL,
    "demotionsStack" BOOLEAN NOT NULL DEFAULT false,
    "source" TEXT NOT NULL,
    "copiedFromId" UUID,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EmulationPlan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlanContent" (
    "planId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "title" TEXT NOT NULL,

    CONSTRAINT "PlanContent_pkey" PRIMARY KEY ("planId","position")
);

-- CreateTable
CREATE TABLE "PlanPhase" (
    "planId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "startsOn" DATE NOT NULL,
    "endsOn" DATE NOT NULL,

    CONSTRAINT "PlanPhase_pkey" PRIMARY KEY ("planId","position")
);

-- CreateTable
CREATE TABLE "PlanCriterion" (
    "id" UUID NOT NULL,
    "planId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "area" TEXT NOT NULL,
    "title" TEXT NOT NULL,

    CONSTRAINT "PlanCriterion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClassRule" (
    "planId" UUID NOT NULL,
    "class" "EmulationClass" NOT NULL,
    "position" INTEGER NOT NULL,
    "minA" INTEGER NOT NULL,
    "maxC" INTEGER NOT NULL,
    "minBaseShare" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "ClassRule_pkey" PRIMARY KEY ("planId","class")
);

-- CreateTable
CREATE TABLE "DemotionRule" (
    "planId" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "effect" "DemotionEffect" NOT NULL,
    "source" "FactSource" NOT NULL,
    "indicatorCode" TEXT,
    "threshold" DOUBLE PRECISION,
    "ofTarget" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "DemotionRule_pkey" PRIMARY KEY ("planId","code")
);

-- CreateTable
CREATE TABLE "Cluster" (
    "id" UUID NOT NULL,
    "planId" UUID NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "Cluster_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClusterMember" (
    "clusterId" UUID NOT NULL,
    "planId" UUID NOT NULL,
    "unitId" UUID NOT NULL,
    "isHead" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "ClusterMember_pkey" PRIMARY KEY ("clusterId","unitId")
);

-- CreateTable
CREATE TABLE "Registration" (
    "planId" UUID NOT NULL,
    "unitId" UUID NOT NULL,
    "registeredOn" DATE NOT NULL,
    "registeredBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Registration_pkey" PRIMARY KEY ("planId","unitId")
);

-- CreateTable
CREATE TABLE "ScoreSheet" (
    "id" UUID NOT NULL,
    "planId" UUID NOT NULL,
    "unitId" UUID NOT NULL,
    "kind" "SheetKind" NOT NULL,
    "submittedOn" DATE NOT NULL,
    "submittedBy" TEXT NOT NULL,
    "baseChaptersTotal" INTEGER,
    "baseChaptersGood" INTEGER,
    "forwardedBy" TEXT,
    "forwardedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScoreSheet_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SheetGrade" (
    "sheetId" UUID NOT NULL,
    "criterionId" UUID NOT NULL,
    "grade" "Grade" NOT NULL,
    "converted" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "SheetGrade_pkey" PRIMARY KEY ("sheetId","criterionId")
);

-- CreateTable
CREATE TABLE "InspectionFinding" (
    "sheetId" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    "recordedBy" TEXT NOT NULL,

    CONSTRAINT "InspectionFinding_pkey" PRIMARY KEY ("sheetId","code")
);

-- CreateTable
CREATE TABLE "SheetChange" (
    "id" UUID NOT NULL,
    "sheetId" UUID NOT NULL,
    "field" TEXT NOT NULL,
    "criterionId" UUID,
    "fromValue" TEXT,
    "toValue" TEXT,
    "reason" TEXT NOT NULL,
    "changedBy" TEXT NOT NULL,
    "changedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SheetChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmulationResult" (
    "planId" UUID NOT NULL,
    "unitId" UUID NOT NULL,
    "class" "EmulationClass" NOT NULL,
    "explanation" TEXT[],
    "input" JSONB NOT NULL,
    "facts" JSONB NOT NULL,
    "status" "ResultStatus" NOT NULL DEFAULT 'PROPOSED',
    "computedBy" TEXT NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "confirmedBy" TEXT,
    "confirmedAt" TIMESTAMP(3),

    CONSTRAINT "EmulationResult_pkey" PRIMARY KEY ("planId","unitId")
);

-- CreateTable
CREATE TABLE "EmulationRank" (
    "planId" UUID NOT NULL,
    "unitId" UUID NOT NULL,
    "place" "RankPlace" NOT NULL,
    "note" TEXT NOT NULL,
    "decidedBy" TEXT NOT NULL,
    "decidedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EmulationRank_pkey" PRIMARY KEY ("planId","unitId")
);

-- CreateTable
CREATE TABLE "ConferenceQuotaRule" (
    "chapterId" UUID NOT NULL,
    "level" "ConferenceLevel" NOT NULL,
    "maxDelegates" INTEGER NOT NULL,
    "source" TEXT NOT NULL,

    CONSTRAINT "ConferenceQuotaRule_pkey" PRIMARY KEY ("chapterId","level")
);

-- CreateTable
CREATE TABLE "Conference" (
    "id" UUID NOT NULL,
    "chapterId" UUID NOT NULL,
    "level" "ConferenceLevel" NOT NULL,
    "title" TEXT NOT NULL,
    "heldOn" DATE NOT NULL,
    "delegateQuota" INTEGER NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Conference_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConferenceSegment" (
    "conferenceId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "kind" "SegmentKind" NOT NULL,
    "title" TEXT NOT NULL,

    CONSTRAINT "ConferenceSegment_pkey" PRIMARY KEY ("conferenceId","position")
);

-- CreateTable
CREATE TABLE "Delegate" (
    "id" UUID NOT NULL,
    "conferenceId" UUID NOT NULL,
    "fullName" TEXT NOT NULL,
    "fromChapterId" UUID NOT NULL,
    "exemplar" TEXT NOT NULL,
    "addedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Delegate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Honouree" (
    "id" UUID NOT NULL,
    "conferenceId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "kind" "HonoureeKind" NOT NULL,
    "name" TEXT NOT NULL,
    "citation" TEXT NOT NULL,
    "announcedAt" TIMESTAMP(3),
    "announcedBy" TEXT,

    CONSTRAINT "Honouree_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TitleLimitRule" (
    "chapterId" UUID NOT NULL,
    "title" "TitleKind" NOT NULL,
    "depth" INTEGER NOT NULL,
    "maxAwards" INTEGER NOT NULL,
    "windowYears" INTEGER NOT NULL,
    "source" TEXT NOT NULL,

    CONSTRAINT "TitleLimitRule_pkey" PRIMARY KEY ("chapterId","title","depth")
);

-- CreateTable
CREATE TABLE "TitleNomination" (
    "id" UUID NOT NULL,
    "title" "TitleKind" NOT NULL,
    "nominee" TEXT NOT NULL,
    "nomineeKey" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "achievements" TEXT NOT NULL,
    "fromChapterId" UUID NOT NULL,
    "nominatedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TitleNomination_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TitleDecision" (
    "id" UUID NOT NULL,
    "nominationId" UUID NOT NULL,
    "chapterId" UUID NOT NULL,
    "decision" "TitleDecisionKind" NOT NULL,
    "year" INTEGER NOT NULL,
    "note" TEXT NOT NULL,
    "decidedBy" TEXT NOT NULL,
    "decidedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TitleDecision_pkey" PRIMARY KEY ("id")
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
CREATE UNIQUE INDEX "EmulationPlan_chapterId_year_key" ON "EmulationPlan"("chapterId", "year");

-- CreateIndex
CREATE UNIQUE INDEX "PlanCriterion_planId_code_key" ON "PlanCriterion"("planId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "PlanCriterion_planId_position_key" ON "PlanCriterion"("planId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "ClassRule_planId_position_key" ON "ClassRule"("planId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "Cluster_planId_name_key" ON "Cluster"("planId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "ClusterMember_planId_unitId_key" ON "ClusterMember"("planId", "unitId");

-- CreateIndex
CREATE UNIQUE INDEX "ScoreSheet_planId_unitId_kind_key" ON "ScoreSheet"("planId", "unitId", "kind");

-- CreateIndex
CREATE INDEX "SheetChange_sheetId_changedAt_idx" ON "SheetChange"("sheetId", "changedAt");

-- CreateIndex
CREATE UNIQUE INDEX "EmulationRank_planId_place_key" ON "EmulationRank"("planId", "place");

-- CreateIndex
CREATE INDEX "Conference_chapterId_heldOn_idx" ON "Conference"("chapterId", "heldOn");

-- CreateIndex
CREATE UNIQUE INDEX "Delegate_conferenceId_fullName_fromChapterId_key" ON "Delegate"("conferenceId", "fullName", "fromChapterId");

-- CreateIndex
CREATE UNIQUE INDEX "Honouree_conferenceId_position_key" ON "Honouree"("conferenceId", "position");

-- CreateIndex
CREATE INDEX "TitleNomination_nomineeKey_title_idx" ON "TitleNomination"("nomineeKey", "title");

-- CreateIndex
CREATE UNIQUE INDEX "TitleDecision_nominationId_chapterId_key" ON "TitleDecision"("nominationId", "chapterId");

-- AddForeignKey
ALTER TABLE "PlanContent" ADD CONSTRAINT "PlanContent_planId_fkey" FOREIGN KEY ("planId") REFERENCES "EmulationPlan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlanPhase" ADD CONSTRAINT "PlanPhase_planId_fkey" FOREIGN KEY ("planId") REFERENCES "EmulationPlan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlanCriterion" ADD CONSTRAINT "PlanCriterion_planId_fkey" FOREIGN KEY ("planId") REFERENCES "EmulationPlan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClassRule" ADD CONSTRAINT "ClassRule_planId_fkey" FOREIGN KEY ("planId") REFERENCES "EmulationPlan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DemotionRule" ADD CONSTRAINT "DemotionRule_planId_fkey" FOREIGN KEY ("planId") REFERENCES "EmulationPlan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClusterMember" ADD CONSTRAINT "ClusterMember_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SheetGrade" ADD CONSTRAINT "SheetGrade_sheetId_fkey" FOREIGN KEY ("sheetId") REFERENCES "ScoreSheet"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InspectionFinding" ADD CONSTRAINT "InspectionFinding_sheetId_fkey" FOREIGN KEY ("sheetId") REFERENCES "ScoreSheet"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SheetChange" ADD CONSTRAINT "SheetChange_sheetId_fkey" FOREIGN KEY ("sheetId") REFERENCES "ScoreSheet"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConferenceSegment" ADD CONSTRAINT "ConferenceSegment_conferenceId_fkey" FOREIGN KEY ("conferenceId") REFERENCES "Conference"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delegate" ADD CONSTRAINT "Delegate_conferenceId_fkey" FOREIGN KEY ("conferenceId") REFERENCES "Conference"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Honouree" ADD CONSTRAINT "Honouree_conferenceId_fkey" FOREIGN KEY ("conferenceId") REFERENCES "Conference"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TitleDecision" ADD CONSTRAINT "TitleDecision_nominationId_fkey" FOREIGN KEY ("nominationId") REFERENCES "TitleNomination"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- EM-CLASS: the share is a fraction, counts are whole and not negative
ALTER TABLE "ClassRule" ADD CONSTRAINT "ClassRule_bounds" CHECK ("minA" >= 0 AND "maxC" >= 0 AND "minBaseShare" >= 0 AND "minBaseShare" <= 1);
ALTER TABLE "ScoreSheet" ADD CONSTRAINT "ScoreSheet_base_chapters" CHECK ("baseChaptersGood" IS NULL OR ("baseChaptersGood" >= 0 AND "baseChaptersTotal" >= "baseChaptersGood"));
-- EM-SCORE: one head per cluster
CREATE UNIQUE INDEX "ClusterMember_one_head" ON "ClusterMember"("clusterId") WHERE "isHead";
-- EM-CONFERENCE: a quota is positive (its ceiling per level comes from ConferenceQuotaRule)
ALTER TABLE "Conference" ADD CONSTRAINT "Conference_quota_positive" CHECK ("delegateQuota" > 0);
