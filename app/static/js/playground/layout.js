// Where the playground sits on the page. Wide screens: beside the lesson and
// in view while the learner reads (sticky), foldable to a narrow rail so the
// prose and its code get the room, or alone in focus mode (the whole width,
// the network drawn beside the curves). The choice is remembered. Phones: the
// lesson first, a link at the top to jump to the playground, and its Train bar
// stuck to the top of the screen while the playground is in view.

const KEY = "kp.layout";

export function wireLayout(root, { views }) {
  const body = document.body;
  const railButton = root.querySelector("[data-testid=rail-toggle]");
  const focusButton = root.querySelector("[data-testid=focus-toggle]");
  const state = JSON.parse(localStorage.getItem(KEY) ?? "{}");

  const apply = () => {
    body.classList.toggle("pg-rail", Boolean(state.rail) && !state.focus);
    body.classList.toggle("pg-focus", Boolean(state.focus));
    railButton.setAttribute("aria-expanded", String(!state.rail || state.focus));
    railButton.textContent = railButton.dataset[state.rail && !state.focus ? "open" : "close"];
    focusButton.setAttribute("aria-pressed", String(Boolean(state.focus)));
    focusButton.textContent = focusButton.dataset[state.focus ? "leave" : "enter"];
    views.pin("network", Boolean(state.focus));
    localStorage.setItem(KEY, JSON.stringify(state));
  };
  railButton.addEventListener("click", () => {
    state.rail = !state.rail || state.focus;
    state.focus = false;
    apply();
    (state.rail ? railButton : root.querySelector("[data-testid=train-button]")).focus();
  });
  focusButton.addEventListener("click", () => {
    state.focus = !state.focus;
    apply();
    focusButton.focus();
    if (state.focus) root.scrollIntoView({ block: "start" });
  });
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && state.focus && !e.defaultPrevented && !e.target.closest?.(".lchart-plot")) {
      state.focus = false;
      apply();
      focusButton.focus();
    }
  });
  // In-page links (skip links, "jump to the playground", headings) scroll and
  // focus without touching the address: its fragment holds the playground's state.
  document.addEventListener("click", (e) => {
    const link = e.target.closest?.("a[href^='#']");
    const id = link?.getAttribute("href").slice(1);
    if (!id || id.includes("=")) return;
    const target = document.getElementById(decodeURIComponent(id));
    if (!target) return;
    e.preventDefault();
    if (target === root && state.rail) { state.rail = false; apply(); }
    target.scrollIntoView({ block: "start" });
    if (!target.matches("a, button, input, select, textarea, [tabindex]")) target.tabIndex = -1;
    target.focus({ preventScroll: true });
  });
  apply();
}
