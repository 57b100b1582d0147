-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "organization";

-- CreateEnum
CREATE TYPE "ChapterLevel" AS ENUM ('CENTRAL', 'PROVINCE', 'DISTRICT', 'COMMUNE', 'BRANCH', 'AFFILIATED');

-- CreateEnum
CREATE TYPE "HostKind" AS ENUM ('SCHOOL', 'HOSPITAL', 'AGENCY', 'ENTERPRISE');

-- CreateEnum
CREATE TYPE "TreeChangeKind" AS ENUM ('CREATE', 'RENAME', 'MOVE', 'MERGE', 'SPLIT', 'DISSOLVE');

-- CreateTable
CREATE TABLE "Chapter" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "foundedOn" DATE NOT NULL,
    "endedOn" DATE,
    "endKind" "TreeChangeKind",

    CONSTRAINT "Chapter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChapterVersion" (
    "id" BIGSERIAL NOT NULL,
    "chapterId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "searchName" TEXT NOT NULL,
    "level" "ChapterLevel" NOT NULL,
    "hostKind" "HostKind",
    "parentId" UUID,
    "validFrom" DATE NOT NULL,
    "validTo" DATE,
    "changeId" UUID NOT NULL,

    CONSTRAINT "ChapterVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChapterClosure" (
    "ancestorId" UUID NOT NULL,
    "descendantId" UUID NOT NULL,
    "depth" INTEGER NOT NULL,
    "validFrom" DATE NOT NULL,
    "validTo" DATE,

    CONSTRAINT "ChapterClosure_pkey" PRIMARY KEY ("ancestorId","descendantId","validFrom")
);

-- CreateTable
CREATE TABLE "TreeChange" (
    "id" UUID NOT NULL,
    "kind" "TreeChangeKind" NOT NULL,
    "effectiveDate" DATE NOT NULL,
    "decisionNumber" TEXT NOT NULL,
    "note" TEXT,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "recordedBy" TEXT NOT NULL,
    "idempotencyKey" TEXT,
    "chapterIds" UUID[],

    CONSTRAINT "TreeChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChapterSuccession" (
    "predecessorId" UUID NOT NULL,
    "successorId" UUID NOT NULL,
    "kind" "TreeChangeKind" NOT NULL,
    "effectiveDate" DATE NOT NULL,
    "changeId" UUID NOT NULL,

    CONSTRAINT "ChapterSuccession_pkey" PRIMARY KEY ("predecessorId","successorId")
);

-- CreateTable
CREATE TABLE "OutboxEvent" (
    "id" BIGSERIAL NOT NULL,
    "topic" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "publishedAt" TIMESTAMP(3),

    CONSTRAINT "OutboxEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Chapter_code_key" ON "Chapter"("code");

-- CreateIndex
CREATE INDEX "ChapterVersion_chapterId_validFrom_idx" ON "ChapterVersion"("chapterId", "validFrom");

-- CreateIndex
CREATE INDEX "ChapterVersion_parentId_validFrom_idx" ON "ChapterVersion"("parentId", "validFrom");

-- CreateIndex
CREATE INDEX "ChapterClosure_descendantId_validFrom_idx" ON "ChapterClosure"("descendantId", "validFrom");

-- CreateIndex
CREATE INDEX "ChapterClosure_ancestorId_validTo_idx" ON "ChapterClosure"("ancestorId", "validTo");

-- CreateIndex
CREATE UNIQUE INDEX "TreeChange_idempotencyKey_key" ON "TreeChange"("idempotencyKey");

-- CreateIndex
CREATE INDEX "TreeChange_effectiveDate_idx" ON "TreeChange"("effectiveDate");

-- CreateIndex
CREATE INDEX "ChapterSuccession_successorId_idx" ON "ChapterSuccession"("successorId");

-- CreateIndex
CREATE INDEX "OutboxEvent_publishedAt_id_idx" ON "OutboxEvent"("publishedAt", "id");

-- AddForeignKey
ALTER TABLE "ChapterVersion" ADD CONSTRAINT "ChapterVersion_chapterId_fkey" FOREIGN KEY ("chapterId") REFERENCES "Chapter"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChapterVersion" ADD CONSTRAINT "ChapterVersion_changeId_fkey" FOREIGN KEY ("changeId") REFERENCES "TreeChange"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChapterSuccession" ADD CONSTRAINT "ChapterSuccession_changeId_fkey" FOREIGN KEY ("changeId") REFERENCES "TreeChange"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

