-- EM-REGISTER, EM-SCORE: dates the system records. A live registration, self-scoring sheet or
-- report carries the day its request arrived (Vietnam time); a past year's record is imported
-- with the document it comes from ("importedFrom"; its "...By" column: who imported it).
ALTER TABLE "Registration" ADD COLUMN "importedFrom" TEXT;
ALTER TABLE "ScoreSheet" ADD COLUMN "importedFrom" TEXT;

-- EM-REGISTER: the unit's report is a record of its own, with its own arrival, beside the
-- self-scoring sheet; one per unit and plan.
CREATE TABLE "EmulationReport" (
    "planId" UUID NOT NULL,
    "unitId" UUID NOT NULL,
    "summary" TEXT NOT NULL,
    "submittedAt" TIMESTAMP(3) NOT NULL,
    "submittedBy" TEXT NOT NULL,
    "importedFrom" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "EmulationReport_pkey" PRIMARY KEY ("planId","unitId")
);

-- A late arrival a province officer accepted, with the reason: one per unit, plan and deadline.
CREATE TYPE "ArrivalKind" AS ENUM ('REGISTRATION', 'REPORT', 'SHEET', 'FORWARDING');

CREATE TABLE "LateAcceptance" (
    "planId" UUID NOT NULL,
    "unitId" UUID NOT NULL,
    "arrival" "ArrivalKind" NOT NULL,
    "reason" TEXT NOT NULL,
    "acceptedBy" TEXT NOT NULL,
    "acceptedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "LateAcceptance_pkey" PRIMARY KEY ("planId","unitId","arrival")
);
