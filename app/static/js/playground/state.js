// What the page's modules share: the spec the learner is editing (the lesson
// widgets draw it too), the run it follows, and, for tests and the benchmarks,
// the live charts.

import { createStore } from "../store.js";

export const spec = createStore(null);
// The run the playground follows: {id, status, started} (started: by Train on this page,
// not a run reopened from the address). Exercises that say "predict, then train" read it.
export const run = createStore(null);
export const live = { charts: null, runId: null };
