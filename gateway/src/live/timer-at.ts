// A timer for a moment that may be weeks away. Node's setTimeout keeps its delay in a signed
// 32-bit integer: past 2^31−1 ms (24.8 days) it warns and fires after 1 ms, so a stream opened
// with a 29-day token (JWT_MAX_LIFETIME=30d) would end at once. Waits in steps below that bound.
const LONGEST_STEP_MS = 2 ** 31 - 1;

export interface TimerAt {
  clear(): void;
}

/** Calls `fire` once, at `at` (epoch milliseconds) or at once if it has passed. */
export function timerAt(at: number, fire: () => void): TimerAt {
  let timer: NodeJS.Timeout;
  const wait = () => {
    const left = at - Date.now();
    timer = left > LONGEST_STEP_MS ? setTimeout(wait, LONGEST_STEP_MS) : setTimeout(fire, Math.max(0, left));
  };
  wait();
  return { clear: () => clearTimeout(timer) };
}
