-- EM-DEMOTE: the plan says how many base chapters may miss their fund target (default none), and
-- the council's decisions on facts whose owner had no figure or target (UNKNOWN).
ALTER TABLE "DemotionRule" ADD COLUMN "baseChaptersMayMiss" INTEGER NOT NULL DEFAULT 0;

CREATE TABLE "FactDecision" (
    "planId" UUID NOT NULL,
    "unitId" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "applies" BOOLEAN NOT NULL,
    "reason" TEXT NOT NULL,
    "decidedBy" TEXT NOT NULL,
    "decidedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "FactDecision_pkey" PRIMARY KEY ("planId","unitId","code")
);
