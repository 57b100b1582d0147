-- EM-RANK: the council's recorded decision on which unit leads each cluster (the product proposes).
CREATE TABLE "ClusterLeader" (
    "planId" UUID NOT NULL,
    "clusterId" UUID NOT NULL,
    "unitId" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "decidedBy" TEXT NOT NULL,
    "decidedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ClusterLeader_pkey" PRIMARY KEY ("planId","clusterId")
);
