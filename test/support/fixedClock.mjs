// Preloaded into the built CLI by the fault suites (NODE_OPTIONS=--import=<this file>): a date made
// without arguments (`new Date()`, which scoring, tasks and the write-back read as "now") is the
// instant in VITALS_TEST_NOW, so a killed run and its rerun score at the instant a fault-free run
// in the test did. `Date.now()` keeps running: timers, back-off and rate windows stay real.
const fixed = Date.parse(process.env.VITALS_TEST_NOW ?? '');
if (Number.isFinite(fixed)) {
  globalThis.Date = new Proxy(Date, {
    construct: (target, args, newTarget) => Reflect.construct(target, args.length === 0 ? [fixed] : args, newTarget),
  });
}
