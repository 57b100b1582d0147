-- Issue 9: blood figures read from rollups that every write keeps exact.
--
-- "BloodSubtree" holds, per chapter and year, the sums of its whole subtree in the two views
-- blood offers (indicators/read.ts): as it was (a donation counts for every chapter that stood
-- above its chapter on the day it was given) and restated (for the ancestors today of the
-- chapter its chapter’s history went to: "BloodHistoryDestination", core’s history.ts
-- definition over the tree replica, rebuilt with every tree change the replica applies).
-- Units, donations, repeat donations and organ registrations add up. Distinct donors do not: a
-- write moves a chapter’s donor count by whether the donor has a donation of that year under it
-- after the write and before it, checked against the donor’s few donations of the year
-- (recording a donation locks the donor, so two writes for one donor never race here).
-- No "BloodRollupState" row: no rollups kept (before the first build, during a bulk load).

CREATE TABLE "BloodSubtree" (
    "x" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "restated" BOOLEAN NOT NULL,
    "units" DECIMAL(14,2) NOT NULL DEFAULT 0,
    "donations" INTEGER NOT NULL DEFAULT 0,
    "repeats" INTEGER NOT NULL DEFAULT 0,
    "donors" INTEGER NOT NULL DEFAULT 0,
    "organ" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "BloodSubtree_pkey" PRIMARY KEY ("x", "year", "restated")
);

CREATE TABLE "BloodRollupState" (
    "id" INTEGER NOT NULL DEFAULT 1 CHECK ("id" = 1),
    "restatedAsOf" DATE NOT NULL,
    CONSTRAINT "BloodRollupState_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "BloodHistoryDestination" (
    "id" UUID NOT NULL,
    "dest" UUID NOT NULL,
    CONSTRAINT "BloodHistoryDestination_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "OrganRegistration_registeredOn_idx" ON "OrganRegistration"("registeredOn");

-- The rows one statement changed (sign +1 for the rows after it, -1 for the rows before it),
-- credited to every chapter above them in both views. Sums add the signed rows; a donor counts
-- for a chapter and year when any of their donations of that year lies under it, so the donor
-- column moves by (counted after) - (counted before), "before" being the table without the new
-- rows and with the old ones.
CREATE FUNCTION blood_apply_donations(ids UUID[], donors UUID[], chapters UUID[], days DATE[], amounts DECIMAL[], firsts BOOLEAN[], signs INTEGER[]) RETURNS void
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
  INSERT INTO "BloodSubtree" AS b (x, year, restated, units, donations, repeats, donors)
  SELECT s.x, s.y, s.restated, s.units, s.donations, s.repeats, coalesce(m.donors, 0)
  FROM sums s LEFT JOIN donor_moves m ON m.x = s.x AND m.y = s.y AND m.restated = s.restated
  -- an update that changes nothing counted (the first-donation flag of a donor recomputed)
  -- touches no row: every recording would otherwise lock the national row for nothing
  WHERE s.units <> 0 OR s.donations <> 0 OR s.repeats <> 0 OR coalesce(m.donors, 0) <> 0
  ON CONFLICT (x, year, restated) DO UPDATE SET units = b.units + EXCLUDED.units, donations = b.donations + EXCLUDED.donations,
    repeats = b.repeats + EXCLUDED.repeats, donors = b.donors + EXCLUDED.donors;
END
$$;

CREATE FUNCTION blood_rollup_donations() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  ids UUID[] := '{}'; donors UUID[] := '{}'; chapters UUID[] := '{}'; days DATE[] := '{}';
  amounts DECIMAL[] := '{}'; firsts BOOLEAN[] := '{}'; signs INTEGER[] := '{}';
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "BloodRollupState") THEN RETURN NULL; END IF;
  IF TG_OP <> 'INSERT' THEN
    SELECT coalesce(array_agg(id), '{}'), coalesce(array_agg("donorId"), '{}'), coalesce(array_agg("chapterId"), '{}'), coalesce(array_agg("donatedOn"), '{}'),
      coalesce(array_agg(units), '{}'), coalesce(array_agg("isFirst"), '{}'), coalesce(array_agg(-1), '{}')
    INTO ids, donors, chapters, days, amounts, firsts, signs FROM oldrows;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    SELECT ids || coalesce(array_agg(id), '{}'), donors || coalesce(array_agg("donorId"), '{}'), chapters || coalesce(array_agg("chapterId"), '{}'),
      days || coalesce(array_agg("donatedOn"), '{}'), amounts || coalesce(array_agg(units), '{}'), firsts || coalesce(array_agg("isFirst"), '{}'),
      signs || coalesce(array_agg(1), '{}')
    INTO ids, donors, chapters, days, amounts, firsts, signs FROM newrows;
  END IF;
  PERFORM blood_apply_donations(ids, donors, chapters, days, amounts, firsts, signs);
  RETURN NULL;
END
$$;

CREATE TRIGGER "Donation_rollup_insert" AFTER INSERT ON "Donation" REFERENCING NEW TABLE AS newrows FOR EACH STATEMENT EXECUTE FUNCTION blood_rollup_donations();
CREATE TRIGGER "Donation_rollup_update" AFTER UPDATE ON "Donation" REFERENCING OLD TABLE AS oldrows NEW TABLE AS newrows FOR EACH STATEMENT EXECUTE FUNCTION blood_rollup_donations();
CREATE TRIGGER "Donation_rollup_delete" AFTER DELETE ON "Donation" REFERENCING OLD TABLE AS oldrows FOR EACH STATEMENT EXECUTE FUNCTION blood_rollup_donations();

-- One organ registration (sign +1) or its removal (-1).
CREATE FUNCTION blood_credit_organ(chapter UUID, day DATE, sign INTEGER) RETURNS void
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  y INTEGER := extract(year FROM day)::int;
  as_of DATE;
BEGIN
  SELECT "restatedAsOf" INTO as_of FROM "BloodRollupState" WHERE id = 1;
  IF as_of IS NULL THEN RETURN; END IF;
  INSERT INTO "BloodSubtree" AS b (x, year, restated, organ)
  SELECT a."ancestorId", y, FALSE, sign
  FROM "TreeClosure" a WHERE a."descendantId" = chapter AND a."validFrom" <= day AND (a."validTo" IS NULL OR a."validTo" > day)
  ON CONFLICT (x, year, restated) DO UPDATE SET organ = b.organ + EXCLUDED.organ;
  INSERT INTO "BloodSubtree" AS b (x, year, restated, organ)
  SELECT a."ancestorId", y, TRUE, sign
  FROM "BloodHistoryDestination" h JOIN "TreeClosure" a ON a."descendantId" = h.dest AND a."validFrom" <= as_of AND (a."validTo" IS NULL OR a."validTo" > as_of)
  WHERE h.id = chapter
  ON CONFLICT (x, year, restated) DO UPDATE SET organ = b.organ + EXCLUDED.organ;
END
$$;

CREATE FUNCTION blood_rollup_organ() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD."chapterId" = NEW."chapterId" AND OLD."registeredOn" = NEW."registeredOn" THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    PERFORM blood_credit_organ(OLD."chapterId", OLD."registeredOn", -1);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM blood_credit_organ(NEW."chapterId", NEW."registeredOn", 1);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "OrganRegistration_rollup" AFTER INSERT OR UPDATE OR DELETE ON "OrganRegistration"
  FOR EACH ROW EXECUTE FUNCTION blood_rollup_organ();

-- Every rollup from the rows, on the tree of as_of ("BloodHistoryDestination" must describe that
-- day). The recompute command, the first start, and every tree change the replica applies.
CREATE FUNCTION blood_rollup_build(as_of DATE) RETURNS void
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  LOCK TABLE "Donation", "OrganRegistration", "BloodSubtree" IN SHARE ROW EXCLUSIVE MODE;
  DELETE FROM "BloodSubtree";
  INSERT INTO "BloodSubtree" (x, year, restated, units, donations, repeats, donors)
  SELECT a."ancestorId", extract(year FROM d."donatedOn")::int, FALSE, sum(d.units), count(*), count(*) FILTER (WHERE NOT d."isFirst"), count(DISTINCT d."donorId")
  FROM "Donation" d JOIN "TreeClosure" a ON a."descendantId" = d."chapterId"
    AND a."validFrom" <= d."donatedOn" AND (a."validTo" IS NULL OR a."validTo" > d."donatedOn")
  GROUP BY 1, 2;
  INSERT INTO "BloodSubtree" (x, year, restated, units, donations, repeats, donors)
  SELECT a."ancestorId", extract(year FROM d."donatedOn")::int, TRUE, sum(d.units), count(*), count(*) FILTER (WHERE NOT d."isFirst"), count(DISTINCT d."donorId")
  FROM "Donation" d JOIN "BloodHistoryDestination" h ON h.id = d."chapterId"
  JOIN "TreeClosure" a ON a."descendantId" = h.dest AND a."validFrom" <= as_of AND (a."validTo" IS NULL OR a."validTo" > as_of)
  GROUP BY 1, 2;
  INSERT INTO "BloodSubtree" AS b (x, year, restated, organ)
  SELECT a."ancestorId", extract(year FROM o."registeredOn")::int, FALSE, count(*)
  FROM "OrganRegistration" o JOIN "TreeClosure" a ON a."descendantId" = o."chapterId"
    AND a."validFrom" <= o."registeredOn" AND (a."validTo" IS NULL OR a."validTo" > o."registeredOn")
  GROUP BY 1, 2
  ON CONFLICT (x, year, restated) DO UPDATE SET organ = EXCLUDED.organ;
  INSERT INTO "BloodSubtree" AS b (x, year, restated, organ)
  SELECT a."ancestorId", extract(year FROM o."registeredOn")::int, TRUE, count(*)
  FROM "OrganRegistration" o JOIN "BloodHistoryDestination" h ON h.id = o."chapterId"
  JOIN "TreeClosure" a ON a."descendantId" = h.dest AND a."validFrom" <= as_of AND (a."validTo" IS NULL OR a."validTo" > as_of)
  GROUP BY 1, 2
  ON CONFLICT (x, year, restated) DO UPDATE SET organ = EXCLUDED.organ;
  INSERT INTO "BloodRollupState" (id, "restatedAsOf") VALUES (1, as_of)
  ON CONFLICT (id) DO UPDATE SET "restatedAsOf" = EXCLUDED."restatedAsOf";
END
$$;

-- readers check that no tree change has taken effect since the restated mapping was built
CREATE INDEX "TreeClosure_validFrom_idx" ON "TreeClosure"("validFrom");
CREATE INDEX "TreeClosure_validTo_idx" ON "TreeClosure"("validTo");
