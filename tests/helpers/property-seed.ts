// Property tests (fast-check) draw new random inputs on every local run, to keep finding cases; in
// CI they draw the same ones every time, so a run that lands is not decided by chance. A failure
// prints its seed and path either way, to replay it with `{ seed, path }` in the property's options.
import fc from "fast-check";

/** The seed CI uses (any fixed number would do). */
export const CI_SEED = 20261129;

if (process.env.CI) fc.configureGlobal({ seed: CI_SEED });
