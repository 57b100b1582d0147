// Preloaded into the Prisma CLI by scripts/migrate: the WebAssembly schema engine arms a 10 s
// timer that keeps the process alive after the command has finished. Unref'd, it no longer does.
const original = globalThis.setTimeout;
globalThis.setTimeout = function setTimeoutUnrefLong(fn, ms, ...args) {
  const timer = original(fn, ms, ...args);
  if (typeof ms === "number" && ms >= 5000 && timer && typeof timer.unref === "function") timer.unref();
  return timer;
};
