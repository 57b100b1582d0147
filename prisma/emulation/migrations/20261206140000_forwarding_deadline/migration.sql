-- EM-SCORE: the cluster heads' forwarding deadline is a plan row of its own (Kiên Giang 2024:
-- before 10 Dec), checked against each sheet's forwardedAt; the units' own deadline may be absent.
ALTER TABLE "EmulationPlan" ADD COLUMN "forwardingDeadline" DATE;
ALTER TABLE "EmulationPlan" ALTER COLUMN "submissionDeadline" DROP NOT NULL;
ALTER TABLE "ScoreSheet" ADD COLUMN "forwardImportedFrom" TEXT;
