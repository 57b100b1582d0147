-- Partner agencies and their grants as data (issue 14). Scopes and operations are text arrays
-- checked against core's grants.ts catalogue by the API, so one list names them; the CHECK keeps a
-- validity period the right way round even for rows written outside the API.
-- CreateEnum
CREATE TYPE "PartnerKind" AS ENUM ('PEOPLES_COMMITTEE', 'FATHERLAND_FRONT', 'MASS_ORGANISATION', 'HEALTH_DEPARTMENT', 'EDUCATION_DEPARTMENT', 'HOSPITAL', 'BLOOD_CENTRE', 'DONOR');

-- CreateTable
CREATE TABLE "Partner" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "PartnerKind" NOT NULL,
    "contact" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Partner_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PartnerGrant" (
    "id" UUID NOT NULL,
    "partnerId" UUID NOT NULL,
    "chapterId" UUID NOT NULL,
    "grantingChapterId" UUID NOT NULL,
    "scopes" TEXT[],
    "operations" TEXT[],
    "validFrom" DATE NOT NULL,
    "validUntil" DATE NOT NULL,
    "reason" TEXT NOT NULL,
    "grantedBy" TEXT NOT NULL,
    "revokedAt" TIMESTAMP(3),
    "revokedBy" TEXT,
    "revokeReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PartnerGrant_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PartnerGrant_partnerId_chapterId_idx" ON "PartnerGrant"("partnerId", "chapterId");

-- CreateIndex
CREATE INDEX "PartnerGrant_grantingChapterId_idx" ON "PartnerGrant"("grantingChapterId");

-- AddForeignKey
ALTER TABLE "PartnerGrant" ADD CONSTRAINT "PartnerGrant_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


ALTER TABLE "PartnerGrant" ADD CONSTRAINT "PartnerGrant_validity_check" CHECK ("validUntil" > "validFrom");
