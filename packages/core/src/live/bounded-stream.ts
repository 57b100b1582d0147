// One subscriber's queue of live states, as an async iterator. Bounded: a slow client (a screen
// on a bad link) keeps at most `capacity` states, the oldest dropped first — every state is a
// whole snapshot, so the newest one alone is the truth and memory cannot grow without bound.
// Written as a plain iterator, not an `async function*`: `return()` must release the
// subscription at once, not when the next event happens to arrive.

export interface BoundedStream<T> extends AsyncIterableIterator<T> {
  push(value: T): void;
  /** ends the stream once what is already queued has been read */
  end(): void;
  /** ends the stream with an error (delivered after what is already queued) */
  fail(error: unknown): void;
  readonly closed: boolean;
  return(): Promise<IteratorResult<T>>;
}

export function createBoundedStream<T>(capacity: number, onClose: () => void): BoundedStream<T> {
  const queue: T[] = [];
  let waiting: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void } | null = null;
  let closed = false;
  let failure: { error: unknown } | null = null;
  let ending = false;

  const close = () => {
    if (closed) return;
    closed = true;
    queue.length = 0;
    onClose();
  };
  const done = (): IteratorResult<T> => ({ value: undefined, done: true });

  const stream: BoundedStream<T> = {
    get closed() {
      return closed;
    },
    push(value) {
      if (closed || failure || ending) return;
      if (waiting) {
        const w = waiting;
        waiting = null;
        w.resolve({ value, done: false });
        return;
      }
      queue.push(value);
      if (queue.length > capacity) queue.shift();
    },
    end() {
      if (closed || failure) return;
      ending = true;
      if (waiting) {
        const w = waiting;
        waiting = null;
        close();
        w.resolve(done());
      } else if (!queue.length) close();
    },
    fail(error) {
      if (closed || failure) return;
      failure = { error };
      if (waiting) {
        const w = waiting;
        waiting = null;
        close();
        w.reject(error);
      }
    },
    next() {
      if (queue.length) return Promise.resolve({ value: queue.shift() as T, done: false });
      if (ending) close();
      if (failure && !closed) {
        close();
        return Promise.reject(failure.error);
      }
      if (closed) return Promise.resolve(done());
      return new Promise((resolve, reject) => (waiting = { resolve, reject }));
    },
    return() {
      close();
      waiting?.resolve(done());
      waiting = null;
      return Promise.resolve(done());
    },
    throw(error?: unknown) {
      close();
      waiting?.resolve(done());
      waiting = null;
      return Promise.reject(error);
    },
    [Symbol.asyncIterator]() {
      return stream;
    },
  };
  return stream;
}
