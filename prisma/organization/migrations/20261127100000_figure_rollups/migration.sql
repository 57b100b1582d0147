-- Issue 9: figures read from rollups kept exact by the writes themselves.
--
--   "OwnFigures"      one chapter’s own rows summed per year: the state on 31 December (members by
--                     kind, new members, dues owing/paid/exempt/lapsed/collected, own fund balance,
--                     income, spending, organisations covered) — counts and sums only,
--   "SubtreeFigures"  the same summed over a chapter’s subtree: as it was (the closure of
--                     31 December of that year) and restated (today’s tree, each chapter counted
--                     where its history went: "HistoryDestination", core’s history.ts definition,
--                     rebuilt by the organization subgraph with every tree change).
-- Every write to a table a figure reads marks (chapter, first year touched) in "RollupDirty" (statement
-- triggers), and at commit a deferred trigger recomputes those the own rows and adds the
-- difference to every subtree row above them, under a per-chapter lock taken before reading, so two
-- concurrent writers never lose each other’s change. Years not in "RollupYear" are not kept (readers
-- compute them from the rows), npm run rollups:rebuild rebuilds everything from scratch.

CREATE TABLE "OwnFigures" (
    "chapterId" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "members" INTEGER NOT NULL DEFAULT 0,
    "volunteers" INTEGER NOT NULL DEFAULT 0,
    "youth" INTEGER NOT NULL DEFAULT 0,
    "staff" INTEGER NOT NULL DEFAULT 0,
    "joined" INTEGER NOT NULL DEFAULT 0,
    "owing" INTEGER NOT NULL DEFAULT 0,
    "paid" INTEGER NOT NULL DEFAULT 0,
    "exempt" INTEGER NOT NULL DEFAULT 0,
    "lapsed" INTEGER NOT NULL DEFAULT 0,
    "collected" BIGINT NOT NULL DEFAULT 0,
    "balance" BIGINT NOT NULL DEFAULT 0,
    "income" BIGINT NOT NULL DEFAULT 0,
    "spending" BIGINT NOT NULL DEFAULT 0,
    "organisations" INTEGER NOT NULL DEFAULT 0,
    "covered" INTEGER NOT NULL DEFAULT 0,
    "enterprises" INTEGER NOT NULL DEFAULT 0,
    "enterprisesCovered" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "OwnFigures_pkey" PRIMARY KEY ("chapterId", "year")
);

CREATE TABLE "SubtreeFigures" (
    "x" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "restated" BOOLEAN NOT NULL,
    "members" INTEGER NOT NULL DEFAULT 0,
    "volunteers" INTEGER NOT NULL DEFAULT 0,
    "youth" INTEGER NOT NULL DEFAULT 0,
    "staff" INTEGER NOT NULL DEFAULT 0,
    "joined" INTEGER NOT NULL DEFAULT 0,
    "owing" INTEGER NOT NULL DEFAULT 0,
    "paid" INTEGER NOT NULL DEFAULT 0,
    "exempt" INTEGER NOT NULL DEFAULT 0,
    "lapsed" INTEGER NOT NULL DEFAULT 0,
    "collected" BIGINT NOT NULL DEFAULT 0,
    "balance" BIGINT NOT NULL DEFAULT 0,
    "income" BIGINT NOT NULL DEFAULT 0,
    "spending" BIGINT NOT NULL DEFAULT 0,
    "organisations" INTEGER NOT NULL DEFAULT 0,
    "covered" INTEGER NOT NULL DEFAULT 0,
    "enterprises" INTEGER NOT NULL DEFAULT 0,
    "enterprisesCovered" INTEGER NOT NULL DEFAULT 0,
    "ownBalance" BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT "SubtreeFigures_pkey" PRIMARY KEY ("x", "year", "restated")
);

CREATE TABLE "RollupYear" (
    "year" INTEGER NOT NULL,
    "builtAt" TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT "RollupYear_pkey" PRIMARY KEY ("year")
);

-- one row: the day the restated rollups and "HistoryDestination" describe
CREATE TABLE "RollupState" (
    "id" INTEGER NOT NULL DEFAULT 1 CHECK ("id" = 1),
    "restatedAsOf" DATE NOT NULL,
    CONSTRAINT "RollupState_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "HistoryDestination" (
    "id" UUID NOT NULL,
    "dest" UUID NOT NULL,
    CONSTRAINT "HistoryDestination_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "HistoryDestination_dest_idx" ON "HistoryDestination"("dest");

CREATE TABLE "RollupDirty" (
    "txid" BIGINT NOT NULL,
    "chapterId" UUID NOT NULL,
    "fromYear" INTEGER NOT NULL,
    CONSTRAINT "RollupDirty_pkey" PRIMARY KEY ("txid", "chapterId")
);

-- readers check that nothing is dated between today and the end of the running year (a reform
-- recorded ahead of its date) before trusting the year-end rollup for "today"
CREATE INDEX "Membership_joinedOn_idx" ON "Membership"("joinedOn");
CREATE INDEX "Membership_leftOn_idx" ON "Membership"("leftOn");
CREATE INDEX "FundEntry_entryDate_idx" ON "FundEntry"("entryDate");

-- A chapter’s own figures for year y, from the rows (chapters NULL: every chapter). The dues
-- status is ORG-DUES as figures/dues-status.ts states it, set-based.
CREATE FUNCTION rollup_own(chapters UUID[], y INTEGER) RETURNS SETOF "OwnFigures"
LANGUAGE plpgsql STABLE SET search_path FROM CURRENT AS $$
BEGIN
  -- EXECUTE of the text with the values written in: planned for the actual chapters (one
  -- chapter’s rows by index, every chapter’s by scans; parameters gave a generic plan). NOT
  -- MATERIALIZED: the planner sees the tables’ statistics (a materialized CTE is guessed at 200
  -- rows, and 2 million lineages were then probed one by one)
  RETURN QUERY EXECUTE format($q$
  WITH bounds AS NOT MATERIALIZED (SELECT make_date(%2$s, 12, 31) AS e, make_date(%2$s - 1, 12, 31) AS s),
  living AS NOT MATERIALIZED (
    SELECT m."chapterId" AS c, m.kind::text AS kind, m."lineageId" AS l
    FROM "Membership" m, bounds b
    WHERE (%1$L::uuid[] IS NULL OR m."chapterId" = ANY(%1$L::uuid[]))
      AND m."joinedOn" <= b.e AND (m."leftOn" IS NULL OR m."leftOn" > b.e)
  ),
  members AS NOT MATERIALIZED (SELECT c, l FROM living WHERE kind = 'MEMBER'),
  lineages AS NOT MATERIALIZED (SELECT DISTINCT l FROM members),
  paid AS NOT MATERIALIZED (
    SELECT pm."lineageId" AS l, p.year, sum(p.amount) AS amount
    FROM "DuesPayment" p JOIN "Membership" pm ON pm.id = p."membershipId"
    WHERE p.year IN (%2$s, %2$s - 1) AND (%1$L::uuid[] IS NULL OR pm."lineageId" IN (SELECT l FROM lineages))
    GROUP BY 1, 2
  ),
  exempt AS NOT MATERIALIZED (
    SELECT DISTINCT em."lineageId" AS l, e.year
    FROM "DuesExemption" e JOIN "Membership" em ON em.id = e."membershipId"
    WHERE e.year IN (%2$s, %2$s - 1) AND (%1$L::uuid[] IS NULL OR em."lineageId" IN (SELECT l FROM lineages))
  ),
  due AS NOT MATERIALIZED (
    SELECT DISTINCT ON (q."lineageId", dp.year) q."lineageId" AS l, dp.year, dp.amount
    FROM "Membership" q JOIN "DuesPolicy" dp ON dp."chapterId" = q."chapterId" AND dp.year IN (%2$s, %2$s - 1)
    WHERE (%1$L::uuid[] IS NULL OR q."lineageId" IN (SELECT l FROM lineages)) AND q."joinedOn" <= make_date(dp.year, 12, 31)
    ORDER BY q."lineageId", dp.year, q."joinedOn" DESC
  ),
  was_member AS NOT MATERIALIZED (
    SELECT DISTINCT q."lineageId" AS l FROM "Membership" q, bounds b
    WHERE (%1$L::uuid[] IS NULL OR q."lineageId" IN (SELECT l FROM lineages)) AND q.kind = 'MEMBER'
      AND q."joinedOn" <= b.s AND (q."leftOn" IS NULL OR q."leftOn" > b.s)
  ),
  older AS NOT MATERIALIZED (
    SELECT DISTINCT q."lineageId" AS l FROM "Membership" q, bounds b
    WHERE (%1$L::uuid[] IS NULL OR q."lineageId" IN (SELECT l FROM lineages)) AND q."joinedOn" <= b.s
  ),
  status AS NOT MATERIALIZED (
    SELECT m.c, coalesce(py.amount, 0) AS amount, o.l IS NULL AS new_member,
      CASE
        WHEN coalesce(py.amount, 0) >= coalesce(dy.amount, 1) THEN 'PAID'
        WHEN ey.l IS NOT NULL THEN 'EXEMPT'
        WHEN w.l IS NOT NULL AND dp.amount IS NOT NULL AND coalesce(pp.amount, 0) < dp.amount AND ep.l IS NULL THEN 'LAPSED'
        ELSE 'OVERDUE' END AS status
    FROM members m
    LEFT JOIN paid py ON py.l = m.l AND py.year = %2$s
    LEFT JOIN paid pp ON pp.l = m.l AND pp.year = %2$s - 1
    LEFT JOIN due dy ON dy.l = m.l AND dy.year = %2$s
    LEFT JOIN due dp ON dp.l = m.l AND dp.year = %2$s - 1
    LEFT JOIN exempt ey ON ey.l = m.l AND ey.year = %2$s
    LEFT JOIN exempt ep ON ep.l = m.l AND ep.year = %2$s - 1
    LEFT JOIN was_member w ON w.l = m.l
    LEFT JOIN older o ON o.l = m.l
  ),
  people AS NOT MATERIALIZED (
    SELECT c, count(*) FILTER (WHERE kind = 'MEMBER') AS members, count(*) FILTER (WHERE kind = 'VOLUNTEER') AS volunteers,
      count(*) FILTER (WHERE kind = 'YOUTH') AS youth, count(*) FILTER (WHERE kind = 'STAFF') AS staff
    FROM living GROUP BY c
  ),
  dues AS NOT MATERIALIZED (
    SELECT c, count(*) FILTER (WHERE new_member) AS joined, count(*) AS owing,
      count(*) FILTER (WHERE status = 'PAID') AS paid, count(*) FILTER (WHERE status = 'EXEMPT') AS exempt,
      count(*) FILTER (WHERE status = 'LAPSED') AS lapsed, sum(amount) AS collected
    FROM status GROUP BY c
  ),
  fund AS NOT MATERIALIZED (
    SELECT e."chapterId" AS c,
      sum(CASE WHEN e.kind IN ('INCOME', 'TRANSFER_IN') THEN e.amount ELSE -e.amount END) AS balance,
      coalesce(sum(e.amount) FILTER (WHERE e.kind = 'INCOME' AND e."entryDate" > b.s), 0) AS income,
      coalesce(sum(e.amount) FILTER (WHERE e.kind = 'SPENDING' AND e."entryDate" > b.s), 0) AS spending
    FROM "FundEntry" e, bounds b
    WHERE (%1$L::uuid[] IS NULL OR e."chapterId" = ANY(%1$L::uuid[])) AND e."entryDate" <= b.e
    GROUP BY 1
  ),
  cover AS NOT MATERIALIZED (
    SELECT c, count(*) FILTER (WHERE NOT enterprise) AS organisations, count(*) FILTER (WHERE NOT enterprise AND covered) AS covered,
      count(*) FILTER (WHERE enterprise) AS enterprises, count(*) FILTER (WHERE enterprise AND covered) AS "enterprisesCovered"
    FROM (
      SELECT o."chapterId" AS c, o.kind = 'ENTERPRISE' AS enterprise,
        o."hasRedCross" AND (o."redCrossSince" IS NULL OR o."redCrossSince" <= b.e) AS covered
      FROM "Organisation" o, bounds b
      WHERE (%1$L::uuid[] IS NULL OR o."chapterId" = ANY(%1$L::uuid[]))
        AND o."listedOn" <= b.e AND (o."delistedOn" IS NULL OR o."delistedOn" > b.e)
    ) listed
    GROUP BY c
  ),
  ids AS NOT MATERIALIZED (SELECT c FROM people UNION SELECT c FROM fund UNION SELECT c FROM cover)
  SELECT i.c, %2$s,
    coalesce(p.members, 0)::int, coalesce(p.volunteers, 0)::int, coalesce(p.youth, 0)::int, coalesce(p.staff, 0)::int,
    coalesce(d.joined, 0)::int, coalesce(d.owing, 0)::int, coalesce(d.paid, 0)::int, coalesce(d.exempt, 0)::int, coalesce(d.lapsed, 0)::int,
    coalesce(d.collected, 0)::bigint, coalesce(f.balance, 0)::bigint, coalesce(f.income, 0)::bigint, coalesce(f.spending, 0)::bigint,
    coalesce(v.organisations, 0)::int, coalesce(v.covered, 0)::int, coalesce(v.enterprises, 0)::int, coalesce(v."enterprisesCovered", 0)::int
  FROM ids i
  LEFT JOIN people p ON p.c = i.c LEFT JOIN dues d ON d.c = i.c LEFT JOIN fund f ON f.c = i.c LEFT JOIN cover v ON v.c = i.c
  $q$, chapters, y);
END
$$;

-- Recomputes the own figures of chapters for every kept year from from_year and adds the
-- difference to the subtree rows above them (as it was and restated).
CREATE FUNCTION rollup_apply(chapters UUID[], from_year INTEGER) RETURNS void
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  y INTEGER;
  k INTEGER;
  as_of DATE;
  n INTEGER;
BEGIN
  -- tree rebuilds hold this exclusively, chapter locks in a fixed order so writers cannot deadlock
  PERFORM pg_advisory_xact_lock_shared(730001);
  FOR k IN SELECT DISTINCT hashtext(c::text) FROM unnest(chapters) c ORDER BY 1 LOOP
    PERFORM pg_advisory_xact_lock(730002, k);
  END LOOP;
  SELECT "restatedAsOf" INTO as_of FROM "RollupState" WHERE id = 1;
  FOR y IN SELECT r.year FROM "RollupYear" r WHERE r.year >= from_year ORDER BY r.year LOOP
    WITH fresh AS (SELECT * FROM rollup_own(chapters, y)),
    old AS (SELECT * FROM "OwnFigures" WHERE "chapterId" = ANY(chapters) AND year = y),
    delta AS (
      SELECT coalesce(f."chapterId", o."chapterId") AS c,
        coalesce(f."members", 0) - coalesce(o."members", 0) AS "members",
        coalesce(f."volunteers", 0) - coalesce(o."volunteers", 0) AS "volunteers",
        coalesce(f."youth", 0) - coalesce(o."youth", 0) AS "youth",
        coalesce(f."staff", 0) - coalesce(o."staff", 0) AS "staff",
        coalesce(f."joined", 0) - coalesce(o."joined", 0) AS "joined",
        coalesce(f."owing", 0) - coalesce(o."owing", 0) AS "owing",
        coalesce(f."paid", 0) - coalesce(o."paid", 0) AS "paid",
        coalesce(f."exempt", 0) - coalesce(o."exempt", 0) AS "exempt",
        coalesce(f."lapsed", 0) - coalesce(o."lapsed", 0) AS "lapsed",
        coalesce(f."collected", 0) - coalesce(o."collected", 0) AS "collected",
        coalesce(f."balance", 0) - coalesce(o."balance", 0) AS "balance",
        coalesce(f."income", 0) - coalesce(o."income", 0) AS "income",
        coalesce(f."spending", 0) - coalesce(o."spending", 0) AS "spending",
        coalesce(f."organisations", 0) - coalesce(o."organisations", 0) AS "organisations",
        coalesce(f."covered", 0) - coalesce(o."covered", 0) AS "covered",
        coalesce(f."enterprises", 0) - coalesce(o."enterprises", 0) AS "enterprises",
        coalesce(f."enterprisesCovered", 0) - coalesce(o."enterprisesCovered", 0) AS "enterprisesCovered"
      FROM fresh f FULL JOIN old o ON o."chapterId" = f."chapterId"
    ),
    changed AS (SELECT d.* FROM delta d WHERE d."members" <> 0 OR d."volunteers" <> 0 OR d."youth" <> 0 OR d."staff" <> 0 OR d."joined" <> 0 OR d."owing" <> 0 OR d."paid" <> 0 OR d."exempt" <> 0 OR d."lapsed" <> 0 OR d."collected" <> 0 OR d."balance" <> 0 OR d."income" <> 0 OR d."spending" <> 0 OR d."organisations" <> 0 OR d."covered" <> 0 OR d."enterprises" <> 0 OR d."enterprisesCovered" <> 0),
    put AS (
      INSERT INTO "OwnFigures" SELECT * FROM fresh
      ON CONFLICT ("chapterId", year) DO UPDATE SET "members" = EXCLUDED."members", "volunteers" = EXCLUDED."volunteers", "youth" = EXCLUDED."youth", "staff" = EXCLUDED."staff", "joined" = EXCLUDED."joined", "owing" = EXCLUDED."owing", "paid" = EXCLUDED."paid", "exempt" = EXCLUDED."exempt", "lapsed" = EXCLUDED."lapsed", "collected" = EXCLUDED."collected", "balance" = EXCLUDED."balance", "income" = EXCLUDED."income", "spending" = EXCLUDED."spending", "organisations" = EXCLUDED."organisations", "covered" = EXCLUDED."covered", "enterprises" = EXCLUDED."enterprises", "enterprisesCovered" = EXCLUDED."enterprisesCovered"
      RETURNING 1
    ),
    gone AS (
      DELETE FROM "OwnFigures" o WHERE o."chapterId" = ANY(chapters) AND o.year = y
        AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f."chapterId" = o."chapterId")
      RETURNING 1
    ),
    was AS (
      INSERT INTO "SubtreeFigures" (x, year, restated, "members", "volunteers", "youth", "staff", "joined", "owing", "paid", "exempt", "lapsed", "collected", "balance", "income", "spending", "organisations", "covered", "enterprises", "enterprisesCovered", "ownBalance")
      SELECT a."ancestorId", y, FALSE, sum(d."members"), sum(d."volunteers"), sum(d."youth"), sum(d."staff"), sum(d."joined"), sum(d."owing"), sum(d."paid"), sum(d."exempt"), sum(d."lapsed"), sum(d."collected"), sum(d."balance"), sum(d."income"), sum(d."spending"), sum(d."organisations"), sum(d."covered"), sum(d."enterprises"), sum(d."enterprisesCovered"), coalesce(sum(d.balance) FILTER (WHERE a.depth = 0), 0)
      FROM changed d JOIN "ChapterClosure" a ON a."descendantId" = d.c
        AND a."validFrom" <= make_date(y, 12, 31) AND (a."validTo" IS NULL OR a."validTo" > make_date(y, 12, 31))
      GROUP BY a."ancestorId"
      ON CONFLICT (x, year, restated) DO UPDATE SET "members" = "SubtreeFigures"."members" + EXCLUDED."members", "volunteers" = "SubtreeFigures"."volunteers" + EXCLUDED."volunteers", "youth" = "SubtreeFigures"."youth" + EXCLUDED."youth", "staff" = "SubtreeFigures"."staff" + EXCLUDED."staff", "joined" = "SubtreeFigures"."joined" + EXCLUDED."joined", "owing" = "SubtreeFigures"."owing" + EXCLUDED."owing", "paid" = "SubtreeFigures"."paid" + EXCLUDED."paid", "exempt" = "SubtreeFigures"."exempt" + EXCLUDED."exempt", "lapsed" = "SubtreeFigures"."lapsed" + EXCLUDED."lapsed", "collected" = "SubtreeFigures"."collected" + EXCLUDED."collected", "balance" = "SubtreeFigures"."balance" + EXCLUDED."balance", "income" = "SubtreeFigures"."income" + EXCLUDED."income", "spending" = "SubtreeFigures"."spending" + EXCLUDED."spending", "organisations" = "SubtreeFigures"."organisations" + EXCLUDED."organisations", "covered" = "SubtreeFigures"."covered" + EXCLUDED."covered", "enterprises" = "SubtreeFigures"."enterprises" + EXCLUDED."enterprises", "enterprisesCovered" = "SubtreeFigures"."enterprisesCovered" + EXCLUDED."enterprisesCovered", "ownBalance" = "SubtreeFigures"."ownBalance" + EXCLUDED."ownBalance"
      RETURNING 1
    ),
    restated_rows AS (
      INSERT INTO "SubtreeFigures" (x, year, restated, "members", "volunteers", "youth", "staff", "joined", "owing", "paid", "exempt", "lapsed", "collected", "balance", "income", "spending", "organisations", "covered", "enterprises", "enterprisesCovered", "ownBalance")
      SELECT a."ancestorId", y, TRUE, sum(d."members"), sum(d."volunteers"), sum(d."youth"), sum(d."staff"), sum(d."joined"), sum(d."owing"), sum(d."paid"), sum(d."exempt"), sum(d."lapsed"), sum(d."collected"), sum(d."balance"), sum(d."income"), sum(d."spending"), sum(d."organisations"), sum(d."covered"), sum(d."enterprises"), sum(d."enterprisesCovered"), coalesce(sum(d.balance) FILTER (WHERE a.depth = 0), 0)
      FROM changed d JOIN "HistoryDestination" h ON h.id = d.c
      JOIN "ChapterClosure" a ON a."descendantId" = h.dest
        AND a."validFrom" <= as_of AND (a."validTo" IS NULL OR a."validTo" > as_of)
      GROUP BY a."ancestorId"
      ON CONFLICT (x, year, restated) DO UPDATE SET "members" = "SubtreeFigures"."members" + EXCLUDED."members", "volunteers" = "SubtreeFigures"."volunteers" + EXCLUDED."volunteers", "youth" = "SubtreeFigures"."youth" + EXCLUDED."youth", "staff" = "SubtreeFigures"."staff" + EXCLUDED."staff", "joined" = "SubtreeFigures"."joined" + EXCLUDED."joined", "owing" = "SubtreeFigures"."owing" + EXCLUDED."owing", "paid" = "SubtreeFigures"."paid" + EXCLUDED."paid", "exempt" = "SubtreeFigures"."exempt" + EXCLUDED."exempt", "lapsed" = "SubtreeFigures"."lapsed" + EXCLUDED."lapsed", "collected" = "SubtreeFigures"."collected" + EXCLUDED."collected", "balance" = "SubtreeFigures"."balance" + EXCLUDED."balance", "income" = "SubtreeFigures"."income" + EXCLUDED."income", "spending" = "SubtreeFigures"."spending" + EXCLUDED."spending", "organisations" = "SubtreeFigures"."organisations" + EXCLUDED."organisations", "covered" = "SubtreeFigures"."covered" + EXCLUDED."covered", "enterprises" = "SubtreeFigures"."enterprises" + EXCLUDED."enterprises", "enterprisesCovered" = "SubtreeFigures"."enterprisesCovered" + EXCLUDED."enterprisesCovered", "ownBalance" = "SubtreeFigures"."ownBalance" + EXCLUDED."ownBalance"
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM put) + (SELECT count(*) FROM gone) + (SELECT count(*) FROM was) + (SELECT count(*) FROM restated_rows) INTO n;
  END LOOP;
END
$$;

-- At commit: the chapters this transaction touched, recomputed once.
CREATE FUNCTION rollup_flush() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  touched UUID[];
  first_year INTEGER;
BEGIN
  WITH gone AS (DELETE FROM "RollupDirty" WHERE txid = txid_current() RETURNING "chapterId", "fromYear")
  SELECT array_agg(DISTINCT "chapterId"), min("fromYear") INTO touched, first_year FROM gone;
  IF touched IS NOT NULL THEN
    PERFORM rollup_apply(touched, first_year);
  END IF;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER "RollupDirty_flush" AFTER INSERT ON "RollupDirty"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION rollup_flush();

-- (chapter, first year) pairs a write touched, nothing to do before the first build
CREATE FUNCTION rollup_mark(touched_chapters UUID[], touched_years INTEGER[]) RETURNS void
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "RollupYear") THEN RETURN; END IF;
  INSERT INTO "RollupDirty" (txid, "chapterId", "fromYear")
  SELECT txid_current(), t.c, min(t.y) FROM unnest(touched_chapters, touched_years) AS t(c, y)
  WHERE t.c IS NOT NULL AND t.y IS NOT NULL GROUP BY t.c
  ON CONFLICT (txid, "chapterId") DO UPDATE SET "fromYear" = least("RollupDirty"."fromYear", EXCLUDED."fromYear");
END
$$;

-- Memberships: every chapter a touched lineage has lived in (new members, dues status and
-- lapses follow the lineage), from the first year whose state changed.
CREATE FUNCTION rollup_mark_membership() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  cs UUID[];
  ys INTEGER[];
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "RollupYear") THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    WITH t AS (SELECT "lineageId" AS l, "chapterId" AS c, "joinedOn" AS d FROM newrows)
    SELECT array_agg(c), array_agg(y) INTO cs, ys FROM (
      SELECT q."chapterId" AS c, extract(year FROM min(t.d))::int AS y FROM t JOIN "Membership" q ON q."lineageId" = t.l GROUP BY q."chapterId"
      UNION ALL SELECT t.c, extract(year FROM t.d)::int FROM t) z;
  ELSIF TG_OP = 'DELETE' THEN
    WITH t AS (SELECT "lineageId" AS l, "chapterId" AS c, "joinedOn" AS d FROM oldrows)
    SELECT array_agg(c), array_agg(y) INTO cs, ys FROM (
      SELECT q."chapterId" AS c, extract(year FROM min(t.d))::int AS y FROM t JOIN "Membership" q ON q."lineageId" = t.l GROUP BY q."chapterId"
      UNION ALL SELECT t.c, extract(year FROM t.d)::int FROM t) z;
  ELSE
    WITH t AS (
      SELECT o."lineageId" AS ol, n."lineageId" AS nl, o."chapterId" AS oc, n."chapterId" AS nc,
        CASE WHEN o."chapterId" <> n."chapterId" OR o.kind <> n.kind OR o."lineageId" <> n."lineageId" OR o."joinedOn" <> n."joinedOn"
               THEN least(o."joinedOn", n."joinedOn")
             WHEN o."leftOn" IS DISTINCT FROM n."leftOn" THEN least(o."leftOn", n."leftOn") END AS d
      FROM oldrows o JOIN newrows n ON n.id = o.id
    ), hit AS (SELECT * FROM t WHERE d IS NOT NULL),
    lin AS (SELECT ol AS l, d FROM hit UNION ALL SELECT nl, d FROM hit)
    SELECT array_agg(c), array_agg(y) INTO cs, ys FROM (
      SELECT q."chapterId" AS c, extract(year FROM min(lin.d))::int AS y FROM lin JOIN "Membership" q ON q."lineageId" = lin.l GROUP BY q."chapterId"
      UNION ALL SELECT oc, extract(year FROM d)::int FROM hit
      UNION ALL SELECT nc, extract(year FROM d)::int FROM hit) z;
  END IF;
  PERFORM rollup_mark(cs, ys);
  RETURN NULL;
END
$$;

-- Dues payments and exemptions: every chapter of the member’s lineage, from the year paid for.
CREATE FUNCTION rollup_mark_dues() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  ms UUID[];
  ys INTEGER[];
  cs UUID[];
  cys INTEGER[];
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "RollupYear") THEN RETURN NULL; END IF;
  IF TG_OP <> 'DELETE' THEN
    SELECT array_agg("membershipId"), array_agg(year) INTO ms, ys FROM newrows;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    SELECT coalesce(ms, '{}') || array_agg("membershipId"), coalesce(ys, '{}') || array_agg(year) INTO ms, ys FROM oldrows;
  END IF;
  SELECT array_agg(q."chapterId"), array_agg(t.y) INTO cs, cys
  FROM unnest(ms, ys) AS t(m, y) JOIN "Membership" m ON m.id = t.m JOIN "Membership" q ON q."lineageId" = m."lineageId";
  PERFORM rollup_mark(cs, cys);
  RETURN NULL;
END
$$;

-- Dues policies: the amount in force follows the member, so every chapter of every lineage that
-- has lived in the chapter, from the policy’s year.
CREATE FUNCTION rollup_mark_policy() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  ps UUID[];
  ys INTEGER[];
  cs UUID[];
  cys INTEGER[];
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "RollupYear") THEN RETURN NULL; END IF;
  IF TG_OP <> 'DELETE' THEN
    SELECT array_agg("chapterId"), array_agg(year) INTO ps, ys FROM newrows;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    SELECT coalesce(ps, '{}') || array_agg("chapterId"), coalesce(ys, '{}') || array_agg(year) INTO ps, ys FROM oldrows;
  END IF;
  SELECT array_agg(c), array_agg(y) INTO cs, cys FROM (
    SELECT t.p AS c, t.y FROM unnest(ps, ys) AS t(p, y)
    UNION ALL SELECT q."chapterId", t.y FROM unnest(ps, ys) AS t(p, y)
      JOIN "Membership" m ON m."chapterId" = t.p JOIN "Membership" q ON q."lineageId" = m."lineageId") z;
  PERFORM rollup_mark(cs, cys);
  RETURN NULL;
END
$$;

-- Fund lines: the chapter, from the line’s year.
CREATE FUNCTION rollup_mark_fund() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  cs UUID[];
  ys INTEGER[];
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "RollupYear") THEN RETURN NULL; END IF;
  IF TG_OP <> 'DELETE' THEN
    SELECT array_agg("chapterId"), array_agg(extract(year FROM "entryDate")::int) INTO cs, ys FROM newrows;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    SELECT coalesce(cs, '{}') || array_agg("chapterId"), coalesce(ys, '{}') || array_agg(extract(year FROM "entryDate")::int) INTO cs, ys FROM oldrows;
  END IF;
  PERFORM rollup_mark(cs, ys);
  RETURN NULL;
END
$$;

-- Organisations: the chapter, from the first date whose state changed.
CREATE FUNCTION rollup_mark_organisation() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  cs UUID[];
  ys INTEGER[];
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "RollupYear") THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg("chapterId"), array_agg(extract(year FROM "listedOn")::int) INTO cs, ys FROM newrows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg("chapterId"), array_agg(extract(year FROM "listedOn")::int) INTO cs, ys FROM oldrows;
  ELSE
    WITH t AS (
      SELECT o."chapterId" AS oc, n."chapterId" AS nc, least(
        CASE WHEN o."chapterId" <> n."chapterId" OR o.kind <> n.kind OR o."listedOn" <> n."listedOn" THEN least(o."listedOn", n."listedOn") END,
        CASE WHEN o."delistedOn" IS DISTINCT FROM n."delistedOn" THEN least(o."delistedOn", n."delistedOn") END,
        CASE WHEN o."hasRedCross" <> n."hasRedCross" OR o."redCrossSince" IS DISTINCT FROM n."redCrossSince"
             THEN coalesce(least(o."redCrossSince", n."redCrossSince"), least(o."listedOn", n."listedOn")) END) AS d
      FROM oldrows o JOIN newrows n ON n.id = o.id
    )
    SELECT array_agg(c), array_agg(y) INTO cs, ys FROM (
      SELECT oc AS c, extract(year FROM d)::int AS y FROM t WHERE d IS NOT NULL
      UNION ALL SELECT nc, extract(year FROM d)::int FROM t WHERE d IS NOT NULL) z;
  END IF;
  PERFORM rollup_mark(cs, ys);
  RETURN NULL;
END
$$;

CREATE TRIGGER "Membership_rollup_insert" AFTER INSERT ON "Membership" REFERENCING NEW TABLE AS newrows FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_membership();
CREATE TRIGGER "Membership_rollup_update" AFTER UPDATE ON "Membership" REFERENCING OLD TABLE AS oldrows NEW TABLE AS newrows FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_membership();
CREATE TRIGGER "Membership_rollup_delete" AFTER DELETE ON "Membership" REFERENCING OLD TABLE AS oldrows FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_membership();
CREATE TRIGGER "DuesPayment_rollup_insert" AFTER INSERT ON "DuesPayment" REFERENCING NEW TABLE AS newrows FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_dues();
CREATE TRIGGER "DuesPayment_rollup_update" AFTER UPDATE ON "DuesPayment" REFERENCING OLD TABLE AS oldrows NEW TABLE AS newrows FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_dues();
CREATE TRIGGER "DuesPayment_rollup_delete" AFTER DELETE ON "DuesPayment" REFERENCING OLD TABLE AS oldrows FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_dues();
CREATE TRIGGER "DuesExemption_rollup_insert" AFTER INSERT ON "DuesExemption" REFERENCING NEW TABLE AS newrows FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_dues();
CREATE TRIGGER "DuesExemption_rollup_update" AFTER UPDATE ON "DuesExemption" REFERENCING OLD TABLE AS oldrows NEW TABLE AS newrows FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_dues();
CREATE TRIGGER "DuesExemption_rollup_delete" AFTER DELETE ON "DuesExemption" REFERENCING OLD TABLE AS oldrows FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_dues();
CREATE TRIGGER "DuesPolicy_rollup_insert" AFTER INSERT ON "DuesPolicy" REFERENCING NEW TABLE AS newrows FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_policy();
CREATE TRIGGER "DuesPolicy_rollup_update" AFTER UPDATE ON "DuesPolicy" REFERENCING OLD TABLE AS oldrows NEW TABLE AS newrows FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_policy();
CREATE TRIGGER "DuesPolicy_rollup_delete" AFTER DELETE ON "DuesPolicy" REFERENCING OLD TABLE AS oldrows FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_policy();
CREATE TRIGGER "FundEntry_rollup_insert" AFTER INSERT ON "FundEntry" REFERENCING NEW TABLE AS newrows FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_fund();
CREATE TRIGGER "FundEntry_rollup_update" AFTER UPDATE ON "FundEntry" REFERENCING OLD TABLE AS oldrows NEW TABLE AS newrows FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_fund();
CREATE TRIGGER "FundEntry_rollup_delete" AFTER DELETE ON "FundEntry" REFERENCING OLD TABLE AS oldrows FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_fund();
CREATE TRIGGER "Organisation_rollup_insert" AFTER INSERT ON "Organisation" REFERENCING NEW TABLE AS newrows FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_organisation();
CREATE TRIGGER "Organisation_rollup_update" AFTER UPDATE ON "Organisation" REFERENCING OLD TABLE AS oldrows NEW TABLE AS newrows FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_organisation();
CREATE TRIGGER "Organisation_rollup_delete" AFTER DELETE ON "Organisation" REFERENCING OLD TABLE AS oldrows FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_organisation();

-- Subtree rows from the own rows: as it was for the years from from_year (a tree change dated
-- then), and restated for every year on the tree of as_of ("HistoryDestination" must describe
-- that day: the organization subgraph rebuilds it first, from core’s history.ts).
CREATE FUNCTION rollup_tree(from_year INTEGER, as_of DATE) RETURNS void
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(730001);
  DELETE FROM "SubtreeFigures" WHERE NOT restated AND year >= from_year;
  INSERT INTO "SubtreeFigures" (x, year, restated, "members", "volunteers", "youth", "staff", "joined", "owing", "paid", "exempt", "lapsed", "collected", "balance", "income", "spending", "organisations", "covered", "enterprises", "enterprisesCovered", "ownBalance")
  SELECT a."ancestorId", o.year, FALSE, sum(o."members"), sum(o."volunteers"), sum(o."youth"), sum(o."staff"), sum(o."joined"), sum(o."owing"), sum(o."paid"), sum(o."exempt"), sum(o."lapsed"), sum(o."collected"), sum(o."balance"), sum(o."income"), sum(o."spending"), sum(o."organisations"), sum(o."covered"), sum(o."enterprises"), sum(o."enterprisesCovered"), coalesce(sum(o.balance) FILTER (WHERE a.depth = 0), 0)
  FROM "OwnFigures" o JOIN "ChapterClosure" a ON a."descendantId" = o."chapterId"
    AND a."validFrom" <= make_date(o.year, 12, 31) AND (a."validTo" IS NULL OR a."validTo" > make_date(o.year, 12, 31))
  WHERE o.year >= from_year
  GROUP BY a."ancestorId", o.year;
  DELETE FROM "SubtreeFigures" WHERE restated;
  INSERT INTO "SubtreeFigures" (x, year, restated, "members", "volunteers", "youth", "staff", "joined", "owing", "paid", "exempt", "lapsed", "collected", "balance", "income", "spending", "organisations", "covered", "enterprises", "enterprisesCovered", "ownBalance")
  SELECT a."ancestorId", o.year, TRUE, sum(o."members"), sum(o."volunteers"), sum(o."youth"), sum(o."staff"), sum(o."joined"), sum(o."owing"), sum(o."paid"), sum(o."exempt"), sum(o."lapsed"), sum(o."collected"), sum(o."balance"), sum(o."income"), sum(o."spending"), sum(o."organisations"), sum(o."covered"), sum(o."enterprises"), sum(o."enterprisesCovered"), coalesce(sum(o.balance) FILTER (WHERE a.depth = 0), 0)
  FROM "OwnFigures" o JOIN "HistoryDestination" h ON h.id = o."chapterId"
  JOIN "ChapterClosure" a ON a."descendantId" = h.dest AND a."validFrom" <= as_of AND (a."validTo" IS NULL OR a."validTo" > as_of)
  GROUP BY a."ancestorId", o.year;
  INSERT INTO "RollupState" (id, "restatedAsOf") VALUES (1, as_of)
  ON CONFLICT (id) DO UPDATE SET "restatedAsOf" = EXCLUDED."restatedAsOf";
END
$$;

-- Everything from scratch for years (the recompute command, and the first build).
CREATE FUNCTION rollup_build(years INTEGER[], as_of DATE) RETURNS void
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  y INTEGER;
BEGIN
  PERFORM pg_advisory_xact_lock(730001);
  DELETE FROM "RollupDirty";
  DELETE FROM "OwnFigures";
  DELETE FROM "RollupYear";
  FOREACH y IN ARRAY years LOOP
    INSERT INTO "OwnFigures" SELECT * FROM rollup_own(NULL, y);
    INSERT INTO "RollupYear" (year) VALUES (y);
  END LOOP;
  PERFORM rollup_tree(coalesce((SELECT min(u) FROM unnest(years) u), 0), as_of);
END
$$;
