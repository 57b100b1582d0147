-- Issue 9: a recorded donation waited on the national rollup row. The statement triggers moved
-- the subtree rows of every chapter above the donation (up to TW) at once, and the row locks
-- were then held across every statement the writer still sent and the client round trips
-- between them (under load, the time a busy server process takes to send the next one), so
-- concurrent donations queued on the national row for the whole tail of each transaction.
--
-- Now the triggers compute the same signed differences at once (the donor count still needs
-- the table as the statement left it) but only append them to "BloodSubtreePending", which no
-- two transactions share a row of; at commit a deferred trigger folds the transaction's
-- differences into "BloodSubtree", in key order (two folds cannot deadlock), so the hot rows
-- are locked only while the commit runs. A figure read after the commit reflects the write, as
-- before.

CREATE TABLE "BloodSubtreePending" (
    "txid" BIGINT NOT NULL DEFAULT txid_current(),
    "x" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "restated" BOOLEAN NOT NULL,
    "units" DECIMAL(14,2) NOT NULL DEFAULT 0,
    "donations" INTEGER NOT NULL DEFAULT 0,
    "repeats" INTEGER NOT NULL DEFAULT 0,
    "donors" INTEGER NOT NULL DEFAULT 0,
    "organ" INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX "BloodSubtreePending_txid_idx" ON "BloodSubtreePending"("txid");

CREATE OR REPLACE FUNCTION blood_apply_donations(ids UUID[], donors UUID[], chapters UUID[], days DATE[], amounts DECIMAL[], firsts BOOLEAN[], signs INTEGER[]) RETURNS void
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  as_of DATE;
BEGIN
  SELECT "restatedAsOf" INTO as_of FROM "BloodRollupState" WHERE id = 1;
  IF as_of IS NULL THEN RETURN; END IF;
  WITH changed AS (
    SELECT * FROM unnest(ids, donors, chapters, days, amounts, firsts, signs) AS c(id, donor, chapter, day, amount, first, sign)
  ),
  credits AS (
    SELECT a."ancestorId" AS x, extract(year FROM c.day)::int AS y, FALSE AS restated, c.*
    FROM changed c JOIN "TreeClosure" a ON a."descendantId" = c.chapter AND a."validFrom" <= c.day AND (a."validTo" IS NULL OR a."validTo" > c.day)
    UNION ALL
    SELECT a."ancestorId", extract(year FROM c.day)::int, TRUE, c.*
    FROM changed c JOIN "BloodHistoryDestination" h ON h.id = c.chapter
    JOIN "TreeClosure" a ON a."descendantId" = h.dest AND a."validFrom" <= as_of AND (a."validTo" IS NULL OR a."validTo" > as_of)
  ),
  sums AS (
    SELECT x, y, restated, sum(sign * amount) AS units, sum(sign)::int AS donations, sum(CASE WHEN first THEN 0 ELSE sign END)::int AS repeats
    FROM credits GROUP BY x, y, restated
  ),
  -- the donor’s donations of the year under x, in the view of the row (o: a donation row)
  counted AS (
    SELECT p.x, p.y, p.restated, p.donor,
      EXISTS (
        SELECT 1 FROM "Donation" o
        WHERE o."donorId" = p.donor AND o."donatedOn" >= make_date(p.y, 1, 1) AND o."donatedOn" < make_date(p.y + 1, 1, 1)
          AND (CASE WHEN p.restated THEN EXISTS (
                 SELECT 1 FROM "BloodHistoryDestination" oh JOIN "TreeClosure" oa ON oa."descendantId" = oh.dest
                 WHERE oh.id = o."chapterId" AND oa."ancestorId" = p.x AND oa."validFrom" <= as_of AND (oa."validTo" IS NULL OR oa."validTo" > as_of))
               ELSE EXISTS (
                 SELECT 1 FROM "TreeClosure" oa WHERE oa."descendantId" = o."chapterId" AND oa."ancestorId" = p.x
                   AND oa."validFrom" <= o."donatedOn" AND (oa."validTo" IS NULL OR oa."validTo" > o."donatedOn")) END)
      ) AS after,
      EXISTS (
        SELECT 1 FROM "Donation" o
        WHERE o."donorId" = p.donor AND o."donatedOn" >= make_date(p.y, 1, 1) AND o."donatedOn" < make_date(p.y + 1, 1, 1)
          AND o.id NOT IN (SELECT c.id FROM changed c WHERE c.sign = 1)
          AND (CASE WHEN p.restated THEN EXISTS (
                 SELECT 1 FROM "BloodHistoryDestination" oh JOIN "TreeClosure" oa ON oa."descendantId" = oh.dest
                 WHERE oh.id = o."chapterId" AND oa."ancestorId" = p.x AND oa."validFrom" <= as_of AND (oa."validTo" IS NULL OR oa."validTo" > as_of))
               ELSE EXISTS (
                 SELECT 1 FROM "TreeClosure" oa WHERE oa."descendantId" = o."chapterId" AND oa."ancestorId" = p.x
                   AND oa."validFrom" <= o."donatedOn" AND (oa."validTo" IS NULL OR oa."validTo" > o."donatedOn")) END)
      ) OR EXISTS (
        SELECT 1 FROM credits k WHERE k.sign = -1 AND k.donor = p.donor AND k.x = p.x AND k.y = p.y AND k.restated = p.restated
      ) AS before
    FROM (SELECT DISTINCT x, y, restated, donor FROM credits) p
  ),
  donor_moves AS (
    SELECT x, y, restated, sum(after::int - before::int)::int AS donors FROM counted GROUP BY x, y, restated
  )
  INSERT INTO "BloodSubtreePending" (x, year, restated, units, donations, repeats, donors)
  SELECT s.x, s.y, s.restated, s.units, s.donations, s.repeats, coalesce(m.donors, 0)
  FROM sums s LEFT JOIN donor_moves m ON m.x = s.x AND m.y = s.y AND m.restated = s.restated
  -- an update that changes nothing counted (the first-donation flag of a donor recomputed)
  -- leaves nothing to fold: every recording would otherwise lock the national row for nothing
  WHERE s.units <> 0 OR s.donations <> 0 OR s.repeats <> 0 OR coalesce(m.donors, 0) <> 0;
END
$$;

CREATE OR REPLACE FUNCTION blood_credit_organ(chapter UUID, day DATE, sign INTEGER) RETURNS void
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  y INTEGER := extract(year FROM day)::int;
  as_of DATE;
BEGIN
  SELECT "restatedAsOf" INTO as_of FROM "BloodRollupState" WHERE id = 1;
  IF as_of IS NULL THEN RETURN; END IF;
  INSERT INTO "BloodSubtreePending" (x, year, restated, organ)
  SELECT a."ancestorId", y, FALSE, sign
  FROM "TreeClosure" a WHERE a."descendantId" = chapter AND a."validFrom" <= day AND (a."validTo" IS NULL OR a."validTo" > day);
  INSERT INTO "BloodSubtreePending" (x, year, restated, organ)
  SELECT a."ancestorId", y, TRUE, sign
  FROM "BloodHistoryDestination" h JOIN "TreeClosure" a ON a."descendantId" = h.dest AND a."validFrom" <= as_of AND (a."validTo" IS NULL OR a."validTo" > as_of)
  WHERE h.id = chapter;
END
$$;

-- At commit: the transaction's differences, summed per row, folded in key order. The first
-- firing takes them all; the others find nothing. Rollups stopped meanwhile (a tree change, a
-- bulk load) keep nothing: the rebuild that follows counts the rows.
CREATE FUNCTION blood_rollup_fold() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  WITH gone AS (DELETE FROM "BloodSubtreePending" WHERE txid = txid_current() RETURNING *),
  sums AS (
    SELECT x, year, restated, sum(units) AS units, sum(donations)::int AS donations, sum(repeats)::int AS repeats,
      sum(donors)::int AS donors, sum(organ)::int AS organ
    FROM gone WHERE EXISTS (SELECT 1 FROM "BloodRollupState")
    GROUP BY x, year, restated
    HAVING sum(units) <> 0 OR sum(donations) <> 0 OR sum(repeats) <> 0 OR sum(donors) <> 0 OR sum(organ) <> 0
    ORDER BY x, year, restated
  )
  INSERT INTO "BloodSubtree" AS b (x, year, restated, units, donations, repeats, donors, organ)
  SELECT x, year, restated, units, donations, repeats, donors, organ FROM sums ORDER BY x, year, restated
  ON CONFLICT (x, year, restated) DO UPDATE SET units = b.units + EXCLUDED.units, donations = b.donations + EXCLUDED.donations,
    repeats = b.repeats + EXCLUDED.repeats, donors = b.donors + EXCLUDED.donors, organ = b.organ + EXCLUDED.organ;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER "BloodSubtreePending_fold" AFTER INSERT ON "BloodSubtreePending"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION blood_rollup_fold();
