import path from "node:path";

/** The repository root, found from this file's place in packages/core/src/db. */
export const repoRoot = path.resolve(import.meta.dirname, "../../../..");

export const prismaDir = (subgraph: string) => path.join(repoRoot, "prisma", subgraph);
