// What every page does: the lesson index folds away on narrower screens, the
// lessons a learner opened are remembered in this browser, and the home page
// offers to continue where they left off.

const VISITED = "kp.visited";

function visited() {
  try {
    return JSON.parse(localStorage.getItem(VISITED) ?? "[]");
  } catch {
    return [];
  }
}

const index = document.querySelector(".lesson-index");
if (index) {
  // beside the lesson on wide screens; a folded list above it on narrower ones
  const wide = matchMedia("(min-width: 1500px)");
  const fit = () => { index.open = wide.matches; };
  wide.addEventListener("change", fit);
  fit();
}

const lesson = document.body.dataset.lesson;
if (lesson) {
  const list = [{ slug: lesson, title: document.querySelector("h1")?.textContent.trim() ?? lesson, at: Date.now() }, ...visited().filter((v) => v.slug !== lesson)];
  localStorage.setItem(VISITED, JSON.stringify(list.slice(0, 60)));
}

const resume = document.querySelector("[data-slot=resume]");
if (resume) {
  const seen = visited();
  const lang = document.documentElement.lang.startsWith("zh") ? "zh" : "en";
  for (const link of document.querySelectorAll("ol.lessons a[data-slug]")) {
    if (seen.some((v) => v.slug === link.dataset.slug)) link.parentElement.classList.add("visited");
  }
  if (seen.length) {
    const list = resume.querySelector("ul");
    for (const item of seen.slice(0, 3)) {
      const source = document.querySelector(`ol.lessons a[data-slug="${CSS.escape(item.slug)}"]`);
      if (!source) continue;
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = `${source.getAttribute("href").split("?")[0]}?lang=${lang}`;
      a.textContent = source.textContent.trim();
      li.append(a);
      list.append(li);
    }
    resume.querySelector("[data-slot=resume-count]").textContent = String(seen.filter((v) => document.querySelector(`ol.lessons a[data-slug="${CSS.escape(v.slug)}"]`)).length);
    resume.hidden = list.children.length === 0;
  }
}

// A block that scrolls sideways (a long code line, a wide formula or table)
// takes the keyboard focus, so it can be scrolled without a mouse; one that
// fits is not an extra Tab stop. Checked when the browser is idle, for the
// page once and then only for what is added to it, so it never forces the
// layout of a whole lesson while the page loads or a run streams.
const SCROLLERS = "pre, .math, math:not([display=block]), .table-scroll, .preview, .wtable, .prose table, .lchart-table, .zoom-view";
const later = window.requestIdleCallback ?? ((fn) => setTimeout(fn, 200));

function markScrollable(root) {
  const found = [...(root.matches?.(SCROLLERS) ? [root] : []), ...root.querySelectorAll(SCROLLERS)];
  for (const el of found) {
    const style = getComputedStyle(el);
    const can = (value) => value === "auto" || value === "scroll";
    const scrolls = (can(style.overflowX) && el.scrollWidth > el.clientWidth + 1) || (can(style.overflowY) && el.scrollHeight > el.clientHeight + 1);
    if (scrolls && !el.hasAttribute("tabindex")) {
      el.tabIndex = 0;
      el.dataset.scrollFocus = "";
    } else if (!scrolls && "scrollFocus" in el.dataset) {
      el.removeAttribute("tabindex");
      delete el.dataset.scrollFocus;
    }
  }
}

let added = new Set();
let waiting = false;
function soon(root) {
  added.add(root);
  if (waiting) return;
  waiting = true;
  later(() => {
    waiting = false;
    const roots = added;
    added = new Set();
    for (const el of roots) if (el.isConnected) markScrollable(el);
  }, { timeout: 2000 });
}
new MutationObserver((records) => {
  for (const record of records) for (const node of record.addedNodes) if (node.nodeType === 1) soon(node);
}).observe(document.body, { childList: true, subtree: true });
addEventListener("resize", () => soon(document.body));
// A lesson's blocks are laid out as they come into view (content-visibility):
// only then can one be found too wide.
document.addEventListener("contentvisibilityautostatechange", (e) => { if (!e.skipped) soon(e.target); }, true);
soon(document.body);
