// The copy button of a lesson's code block (app/lessons/render.py): it copies
// the block's code, never the output below it, and says so on the button for a
// moment and to a screen reader through one status line. Where the page may
// not write the clipboard (plain http), it selects the code for Ctrl+C instead.

const SHOWN_FOR = 2000; // ms the button says "Copied"

const timers = new WeakMap();
let status;
function announce(text) {
  if (!status) {
    status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.dataset.testid = "copy-status";
    document.body.append(status);
  }
  status.textContent = "";
  requestAnimationFrame(() => { status.textContent = text; }); // the same text twice is announced twice
}

function select(code) {
  const range = document.createRange();
  range.selectNodeContents(code);
  getSelection().removeAllRanges();
  getSelection().addRange(range);
}

async function copy(button) {
  const code = button.closest("[data-code]").querySelector("pre.code > code");
  let said = button.dataset.copied;
  try {
    await navigator.clipboard.writeText(code.textContent);
  } catch {
    select(code);
    said = button.dataset.selected;
  }
  button.dataset.label ??= button.textContent;
  button.textContent = said;
  announce(said);
  clearTimeout(timers.get(button));
  timers.set(button, setTimeout(() => { button.textContent = button.dataset.label; }, SHOWN_FOR));
}

document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-copy]");
  if (button) copy(button);
});
