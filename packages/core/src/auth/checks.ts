// The two access checks every domain subgraph repeats, in one place: a partner reads a kind of
// record only with a grant in force naming its scope (looked up by the gateway from the
// organization's data and signed into the identity each subgraph receives: grants.ts), and a
// writer is an OFFICER or ADMIN whose own chapter still exists today (ORG-REFORM: an ended chapter's tokens record nothing). Each
// subgraph's access/roles.ts names its grants and what they open; these do the checking.
import { requireIdentity, type RequestContext } from "../context.ts";
import { forbidden } from "../errors.ts";
import { requireLiveChapter } from "./live-chapter.ts";
import { canWrite } from "./roles.ts";
import { replicaTables, type TreeTables } from "../replica/tables.ts";

/** A PARTNER needs a grant in force with scope `grant` to read `what` (a plural noun phrase); every other role passes. */
export function requireGrant(ctx: RequestContext, grant: string, what: string): void {
  const identity = requireIdentity(ctx);
  if (identity.role === "PARTNER" && !identity.grants.includes(grant)) {
    throw forbidden(`${what} are not part of what your account was granted: ask the chapter that issued your access for the "${grant}" grant.`);
  }
}

/** An OFFICER or ADMIN whose own chapter still exists today (on `tables`, a domain subgraph's
 * replica by default); returns who records. */
export async function requireDomainWriter(ctx: RequestContext & { prisma: unknown }, tables: TreeTables = replicaTables): Promise<string> {
  const identity = requireIdentity(ctx);
  if (!canWrite(identity.role)) throw forbidden("Only an OFFICER or ADMIN of the chapter (or of a chapter above it) may record this.");
  await requireLiveChapter(ctx, tables);
  return identity.subject;
}
