-- EM-CONFERENCE, EM-LIVE: an honouree's chapter and what it is honoured with (a movement title,
-- EM-TITLES, or a form of commendation in the decision's words), for the hall's screen. Honourees
-- recorded before belong to their conference's chapter: that is all the list held for them.
ALTER TABLE "Honouree" ADD COLUMN "chapterId" UUID;
UPDATE "Honouree" h SET "chapterId" = c."chapterId" FROM "Conference" c WHERE c.id = h."conferenceId";
ALTER TABLE "Honouree" ALTER COLUMN "chapterId" SET NOT NULL;
ALTER TABLE "Honouree" ADD COLUMN "title" "TitleKind";
ALTER TABLE "Honouree" ADD COLUMN "commendation" TEXT;
