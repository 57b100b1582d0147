-- EM-TITLES: meetings of a title's exemplars with their own frequency rows, and a chapter's
-- schedule for the movement (Hải Phòng, seed 000).
CREATE TYPE "TitleMilestoneKind" AS ENUM ('HONOURING', 'MID_TERM_REVIEW', 'FIVE_YEAR_REVIEW', 'CITY_HONOURS');

CREATE TABLE "ExemplarMeetingRule" (
    "chapterId" UUID NOT NULL,
    "title" "TitleKind" NOT NULL,
    "level" TEXT NOT NULL,
    "maxMeetings" INTEGER NOT NULL,
    "windowYears" INTEGER NOT NULL,
    "fromYear" INTEGER NOT NULL,
    "toYear" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    CONSTRAINT "ExemplarMeetingRule_pkey" PRIMARY KEY ("chapterId","title","level")
);

CREATE TABLE "ExemplarMeeting" (
    "id" UUID NOT NULL,
    "chapterId" UUID NOT NULL,
    "title" "TitleKind" NOT NULL,
    "heldOn" DATE NOT NULL,
    "name" TEXT NOT NULL,
    "recordedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ExemplarMeeting_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "ExemplarMeeting_chapterId_title_heldOn_idx" ON "ExemplarMeeting"("chapterId", "title", "heldOn");

CREATE TABLE "TitleMilestone" (
    "id" UUID NOT NULL,
    "chapterId" UUID NOT NULL,
    "kind" "TitleMilestoneKind" NOT NULL,
    "year" INTEGER,
    "month" INTEGER,
    "day" INTEGER,
    "label" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    CONSTRAINT "TitleMilestone_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "TitleMilestone_chapterId_idx" ON "TitleMilestone"("chapterId");

-- EM-CONFERENCE: the lower conference that approved a delegate to the next level's (seed 003).
ALTER TABLE "Delegate" ADD COLUMN "approvedAtId" UUID;
CREATE INDEX "Delegate_approvedAtId_idx" ON "Delegate"("approvedAtId");
