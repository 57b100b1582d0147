// Progress of a long part of a load, in words a person waiting can use: how much of the total is
// done, at what rate, and how long is left. On a terminal it rewrites one line; in a log (CI, a
// file) it writes a line at most every few seconds, so a minutes-long step is never silent.

export interface Progress {
  /** `units` more of the total are done, having written `rows` rows */
  advance(units: number, rows: number): void;
  /** the last line: the whole part, its rows and its time */
  finish(): string;
}

const LOG_EVERY_MS = 5_000;

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes} min ${Math.round(seconds % 60)} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

const n = (value: number) => Math.round(value).toLocaleString("en");

/** The line shown while a part runs, e.g. "people: 1,200,000 of 3,000,000 people (40%), 61,000 people/s, about 30 s left". */
export function progressLine(what: string, unit: string, done: number, total: number, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? done / (elapsedMs / 1000) : 0;
  const left = rate > 0 ? (total - done) / rate : Number.POSITIVE_INFINITY;
  const percent = total > 0 ? Math.floor((100 * done) / total) : 100;
  return `${what}: ${n(done)} of ${n(total)} ${unit} (${percent}%), ${n(rate)} ${unit}/s, about ${formatDuration(left)} left`;
}

export function createProgress(
  what: string,
  unit: string,
  total: number,
  out: { write: (line: string) => void; live: boolean } = { write: (line) => console.log(line), live: Boolean(process.stdout.isTTY) },
  now: () => number = Date.now,
): Progress {
  const started = now();
  let done = 0;
  let rows = 0;
  let lastLogged = started;
  return {
    advance(units, written) {
      done += units;
      rows += written;
      const line = progressLine(what, unit, done, total, now() - started);
      if (out.live) process.stdout.write(`\r\x1b[2K  ${line}`);
      else if (now() - lastLogged >= LOG_EVERY_MS && done < total) {
        lastLogged = now();
        out.write(`  ${line}`);
      }
    },
    finish() {
      if (out.live) process.stdout.write("\r\x1b[2K");
      const seconds = (now() - started) / 1000;
      return `${what}: ${n(rows)} rows in ${seconds.toFixed(1)} s`;
    },
  };
}
