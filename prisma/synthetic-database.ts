// The database a script was pointed at (DATABASE_URL), made when it is missing: the synthetic load
// and the bench each want a database of their own on the server, not the shared `postgres`.
import pg from "pg";

export class DatabaseSetupError extends Error {}

/** Creates the database named in `url` when the server has none by that name; says which. A
 * failure is one sentence with the command that fixes it. */
export async function ensureDatabase(url: string): Promise<"existed" | "created"> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!name) throw new DatabaseSetupError(`DATABASE_URL names no database (${target.host}): add one, e.g. ${target.protocol}//${target.host}/chapters_bench.`);
  // the server's maintenance database, to look the name up and create it
  const maintenance = new URL(url);
  maintenance.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: maintenance.toString() });
  const host = `${target.hostname}:${target.port || 5432}`;
  try {
    await admin.connect();
  } catch (error) {
    throw new DatabaseSetupError(`Cannot reach PostgreSQL at ${host} (${(error as Error).message}): start it, or fix DATABASE_URL.`);
  }
  try {
    const exists = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
    if (exists.rowCount) return "existed";
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
    return "created";
  } catch (error) {
    const user = target.username || "postgres";
    throw new DatabaseSetupError(
      `Database "${name}" does not exist at ${host} and could not be created (${(error as Error).message}): run  createdb -h ${target.hostname} -p ${target.port || 5432} -U ${user} ${name}  or point DATABASE_URL at an existing database.`,
    );
  } finally {
    await admin.end();
  }
}
