import { deltaRollupSql, rollupSql } from "@chapters/core";
import { readFileSync } from "node:fs";
import { HUMANITARIAN_ROLLUPS } from "../subgraphs/humanitarian/src/indicators/rollup-spec.ts";
import { BLOOD_ROLLUPS } from "../subgraphs/blood/src/indicators/rollup-spec.ts";
console.log(readFileSync("prisma/humanitarian/migrations/20261129100000_humanitarian_rollups/migration.sql", "utf8").includes(rollupSql(HUMANITARIAN_ROLLUPS)));
console.log(readFileSync("prisma/blood/migrations/20261206110000_blood_rollups_generated/migration.sql", "utf8").includes(deltaRollupSql(BLOOD_ROLLUPS)));
