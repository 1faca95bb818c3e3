// What the page's modules share: the spec the learner is editing (the lesson
// widgets draw it too) and, for tests and the benchmarks, the live charts.

import { createStore } from "../store.js";

export const spec = createStore(null);
export const live = { charts: null, runId: null };
