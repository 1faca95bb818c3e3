// A small store: one value, changed in place or replaced, and the functions
// that want to know. The playground keeps its spec in one; the widgets of the
// page read the same store, so they draw the model the learner is editing.

export function createStore(initial = null) {
  let value = initial;
  const listeners = new Set();
  const notify = (info) => { for (const listener of [...listeners]) listener(value, info); };
  return {
    get: () => value,
    // The editors change the value in place, then say what changed.
    changed: (info = {}) => notify(info),
    replace: (next, info = {}) => { value = next; notify({ rerender: true, ...info }); },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    // Resolves with the value once there is one (for a module that starts first).
    ready: () => new Promise((resolve) => {
      if (value !== null) return resolve(value);
      const once = (v) => { if (v !== null) { listeners.delete(once); resolve(v); } };
      listeners.add(once);
    }),
  };
}
