// The classroom pages (login, join, home, dashboard, admin, a run): one module,
// one function per page, chosen by <body data-page>. Each page's strings come
// from the boot block the server rendered in the page's language.
import { api, configure } from "../api.js";
import { h, makeT, whyText } from "../util.js";
import { LineChart, formatNumber } from "../playground/linechart.js";

const boot = JSON.parse(document.getElementById("kp-boot").textContent);
const t = makeT(boot.strings, boot.lang);
configure({ lang: boot.lang });
const $ = (selector, root = document) => root.querySelector(selector);

function problemText(error) {
  return error.problems?.length ? error.problems.map((p) => p.msg).join(" ") : error.message;
}

// A form that posts its fields; the server's answer (in the page's language) shows beside it,
// and the field it blames is marked and focused.
function wire(form, submit) {
  const error = $("[data-slot=error]", form);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hidden = true;
    for (const input of form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
    const button = $("button[type=submit]", form);
    button.disabled = true;
    try {
      await submit(Object.fromEntries(new FormData(form)));
    } catch (e) {
      error.textContent = problemText(e);
      error.hidden = false;
      const field = e.problems?.[0]?.path?.[0];
      const input = field && form.elements[field];
      if (input?.setAttribute) {
        input.setAttribute("aria-invalid", "true");
        input.focus();
      } else error.focus?.();
    } finally {
      button.disabled = false;
    }
  });
}

const when = (iso) => (iso ? new Date(iso).toLocaleString(boot.lang === "zh" ? "zh-CN" : "en-GB", { dateStyle: "short", timeStyle: "short" }) : "");
const statusText = (status) => t(`status_${status}`);

function sparkline(values, label) {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 100 24");
  svg.setAttribute("class", "spark");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", label);
  if (values.length > 1) {
    const lo = Math.min(...values), hi = Math.max(...values), span = hi - lo || 1;
    const points = values.map((v, i) => `${(i / (values.length - 1)) * 100},${22 - ((v - lo) / span) * 20}`).join(" ");
    const line = document.createElementNS("http://www.w3.org/2000/svg", "polyline");
    line.setAttribute("points", points);
    svg.append(line);
  }
  return svg;
}

function metrics(logs) {
  return Object.entries(logs ?? {}).filter(([k]) => k !== "learning_rate").map(([k, v]) => `${k} ${formatNumber(v, 3)}`).join(" · ");
}

const pages = {
  login() {
    configure({ onUnauthorized: () => {} }); // a wrong password is an answer here, not a lost session
    const form = $("[data-form=login]");
    wire(form, async (fields) => {
      await api.post("/api/auth/login", { username: fields.username, password: fields.password });
      location.assign(form.dataset.next || "/home");
    });
  },

  join() {
    configure({ onUnauthorized: () => {} });
    wire($("[data-form=join]"), async (fields) => {
      await api.post("/api/classes/join", { code: fields.code, name: fields.name });
      location.assign("/home");
    });
  },

  async home() {
    const lessons = Object.fromEntries(boot.lessons.map((l) => [l.slug, l.title]));
    if (boot.role === "teacher") await teacherHome();
    else if (boot.role === "student") await studentHome(lessons);
    const { runs } = await api.get("/api/runs");
    const table = $("[data-slot=runs]");
    $("tbody", table).replaceChildren(...runs.map((r) => h("tr", { "data-testid": "my-run" },
      h("td", {}, h("a", { href: `/runs/${r.id}?lang=${boot.lang}` }, lessons[r.lesson] ?? r.lesson ?? r.id)),
      h("td", {}, statusText(r.status)),
      h("td", {}, r.epoch === null ? "" : r.epoch + 1),
      h("td", {}, r.best ? `${r.best.metric} ${formatNumber(r.best.value, 3)}` : ""),
      h("td", {}, when(r.created_at)))));
    table.hidden = !runs.length;
    $("[data-slot=runs-empty]").hidden = runs.length > 0;
  },

  async dashboard() {
    const id = boot.class_id;
    const select = $("[name=lesson]");
    select.replaceChildren(...boot.lessons.map((l) => h("option", { value: l.slug }, l.title)));
    select.value = "sequential-model";
    wire($("[data-form=assignment]"), async (f) => {
      const number = (v) => (v.trim() === "" ? undefined : Number(v));
      await api.post(`/api/classes/${id}/assignments`, {
        title: f.title, lesson: f.lesson, locked: f.locked.split(/\s+/).filter(Boolean),
        goal: { metric: f.metric, mode: f.mode, target: number(f.target), max_epochs: number(f.max_epochs) },
      });
      $("[data-form=assignment] [data-slot=ok]").hidden = false;
      await refresh();
    });
    const rows = new Map();
    const lessonTitles = Object.fromEntries(boot.lessons.map((l) => [l.slug, l.title]));
    // Every run of one student, fetched when the teacher opens the list (and again while it
    // is open, when the count changes); the element outlives the row's redraws.
    const runLists = new Map();
    function runList(s) {
      let entry = runLists.get(s.id);
      if (!entry) {
        const summary = h("summary", {});
        const list = h("ul", { class: "run-list" });
        const details = h("details", { "data-testid": "student-runs" }, summary, list);
        entry = { details, summary, list, count: -1 };
        const load = async () => {
          const { runs } = await api.get(`/api/runs?class=${encodeURIComponent(id)}&student=${encodeURIComponent(s.id)}`);
          list.replaceChildren(...runs.map((r) => h("li", {},
            h("a", { href: `/runs/${r.id}?lang=${boot.lang}`, "data-testid": "student-run-link" }, lessonTitles[r.lesson] ?? r.lesson ?? r.id),
            ` · ${statusText(r.status)} · ${when(r.created_at)}`)));
        };
        entry.load = load;
        details.addEventListener("toggle", () => { if (details.open) load().catch(() => {}); });
        runLists.set(s.id, entry);
      }
      entry.summary.textContent = t.plural("student_runs", s.runs);
      if (entry.count !== s.runs && entry.details.open) entry.load().catch(() => {});
      entry.count = s.runs;
      entry.details.hidden = s.runs === 0;
      return entry.details;
    }
    async function refresh() {
      const data = await api.get(`/api/classes/${id}/dashboard`);
      const task = data.assignment;
      const line = $("[data-slot=assignment]");
      if (task) {
        const op = task.goal.mode === "max" ? "≥" : "≤";
        line.textContent = `${t("assignment_banner", { title: task.title })} · ${t("goal_text", { metric: task.goal.metric, op, target: task.goal.target })}`;
        const link = $("[data-slot=export]");
        link.href = `/api/assignments/${task.id}/progress.csv`;
        link.hidden = false;
      }
      $("[data-slot=empty]").hidden = data.students.length > 0;
      const body = $("[data-slot=rows]");
      for (const s of data.students) {
        let row = rows.get(s.id);
        if (!row) {
          row = h("tr", { "data-testid": "dashboard-student", "data-student": s.id });
          rows.set(s.id, row);
          body.append(row);
        }
        const run = s.run;
        const best = s.best ? h("a", { href: `/runs/${s.best.run}?lang=${boot.lang}` }, formatNumber(s.best.value, 3)) : "";
        const reached = s.best && task ? (task.goal.mode === "max" ? s.best.value >= task.goal.target : s.best.value <= task.goal.target) : null;
        row.replaceChildren(
          h("th", { scope: "row" }, s.name),
          h("td", { "data-testid": "student-status" }, run ? h("a", { href: `/runs/${run.id}?lang=${boot.lang}` }, statusText(run.status)) : t("not_started")),
          h("td", { "data-testid": "student-epoch" }, run && run.epoch !== null ? String(run.epoch + 1) : ""),
          h("td", { class: "metrics" }, run ? metrics(run.logs) : ""),
          h("td", {}, run ? sparkline(run.spark ?? [], t("col_loss_path")) : ""),
          h("td", { "data-testid": "student-best" }, best, reached === null ? "" : ` (${t("col_reached")}: ${t(reached ? "yes" : "no")})`),
          h("td", {}, runList(s)));
      }
    }
    await refresh();
    // every second while the page is open and visible; a hidden tab waits
    setInterval(() => { if (!document.hidden) refresh().catch(() => {}); }, 1000);
  },

  async admin() {
    async function refresh() {
      const data = await api.get("/api/admin");
      $("[data-testid=admin-workers] tbody").replaceChildren(...data.workers.map((w) => h("tr", {},
        h("td", {}, w.pid ?? ""), h("td", {}, w.state), h("td", {}, w.run_id ? h("a", { href: `/runs/${w.run_id}` }, w.run_id) : ""), h("td", {}, w.rss_mb ?? ""))));
      $("[data-testid=admin-queue] tbody").replaceChildren(...data.queue.map((q) => h("tr", { "data-testid": "queued-run" },
        h("td", {}, q.position + 1), h("td", {}, h("a", { href: `/runs/${q.run_id}` }, q.run_id)), h("td", {}, q.owner_name ?? ""),
        h("td", {}, h("button", { type: "button", onclick: () => api.post(`/api/runs/${q.run_id}/cancel`).then(refresh) }, t("cancel"))))));
      $("[data-slot=queue-empty]").hidden = data.queue.length > 0;
      $("[data-testid=admin-teachers]").replaceChildren(...data.teachers.map((x) => h("li", {}, x.name, x.admin ? ` (${t("nav_admin")})` : "")));
      $("[data-testid=admin-storage] tbody").replaceChildren(...data.storage.map((c) => h("tr", {},
        h("td", {}, c.name), h("td", {}, c.runs), h("td", {}, (c.bytes / 2 ** 20).toFixed(1)))));
    }
    const form = $("[data-form=cleanup]");
    wire(form, async (f) => {
      const { deleted } = await api.post("/api/admin/cleanup", { days: Number(f.days) });
      $("[data-slot=ok]", form).textContent = t("cleaned", { n: deleted });
      await refresh();
    });
    await refresh();
    setInterval(() => { if (!document.hidden) refresh().catch(() => {}); }, 2000);
  },

  async run() {
    const run = await api.get(boot.api);
    const chart = new LineChart($("[data-slot=chart]"), { t, title: t("loss"), xTitle: t("col_epoch") });
    const epochs = [...run.epochs];
    const lesson = $("[data-slot=lesson]");
    if (run.lesson && !boot.api.startsWith("/api/shared/")) {
      lesson.href = `/lessons/${run.lesson}?lang=${boot.lang}#run=${run.id}`;
      lesson.hidden = false;
    }
    const draw = (status, error) => {
      $("[data-slot=status]").textContent = statusText(status);
      $("[data-slot=error]").textContent = error ?? "";
      const keys = [...new Set(epochs.flatMap((e) => Object.keys(e.logs)))];
      const table = $("[data-testid=run-epochs]");
      $("thead", table).replaceChildren(h("tr", {}, h("th", { scope: "col" }, t("col_epoch")), ...keys.map((k) => h("th", { scope: "col" }, k))));
      $("tbody", table).replaceChildren(...epochs.map((e) => h("tr", {}, h("th", { scope: "row" }, e.epoch + 1), ...keys.map((k) => h("td", {}, e.logs[k] === undefined ? "" : formatNumber(e.logs[k], 4))))));
      const series = ["loss", "val_loss"].filter((k) => keys.includes(k)).map((k) => ({ name: k, x: epochs.map((e) => e.epoch + 1), y: epochs.map((e) => e.logs[k]) }));
      chart.set({ series });
    };
    draw(run.status, whyText(t, run));
    $("[data-action=share]")?.addEventListener("click", async () => {
      const { url } = await api.post(`${boot.share}`);
      $("[data-slot=share-url]").textContent = t("share_copied", { url: location.origin + url });
    });
    if (["succeeded", "failed", "cancelled", "interrupted"].includes(run.status)) return;
    const after = 0;
    const socket = new WebSocket(`${location.origin.replace(/^http/, "ws")}${boot.ws}?after=${after}`);
    socket.addEventListener("message", (message) => {
      const event = JSON.parse(message.data);
      if (event.type === "epoch" && !epochs.some((e) => e.epoch === event.epoch)) epochs.push({ epoch: event.epoch, logs: event.logs });
      if (event.type === "status") draw(event.status, whyText(t, event));
      else if (event.type === "epoch") draw(run.status === "queued" ? "running" : run.status);
    });
  },
};

async function teacherHome() {
  const box = $("[data-slot=classes]");
  async function refresh() {
    const me = await api.get("/api/me");
    if (!me.classes.length) return;
    const cards = [];
    for (const c of me.classes) {
      const detail = await api.get(`/api/classes/${c.id}`);
      const links = h("ul", { class: "links", "data-testid": "sign-in-links" });
      const roster = h("input", { type: "file", accept: ".csv,text/csv", id: `roster-${c.id}`, "data-testid": "roster-file" });
      const rosterError = h("p", { class: "form-error", role: "alert", hidden: true });
      const showLinks = (students) => links.replaceChildren(...students.map((s) => h("li", {}, `${s.name}: `, h("code", { "data-testid": "sign-in-link" }, location.origin + s.link))));
      roster.addEventListener("change", async () => {
        rosterError.hidden = true;
        try {
          const data = await api.post(`/api/classes/${c.id}/roster`, roster.files[0], { contentType: "text/csv" });
          showLinks(data.students);
        } catch (e) {
          rosterError.textContent = problemText(e);
          rosterError.hidden = false;
        }
      });
      const students = h("ul", { class: "students" }, ...detail.students.map((s) => h("li", {}, s.name, " ",
        h("button", { type: "button", class: "link", "data-testid": "new-link", onclick: async () => {
          const { link } = await api.post(`/api/classes/${c.id}/students/${s.id}/link`);
          showLinks([{ name: s.name, link }]);
        } }, t("new_link")))));
      cards.push(h("article", { class: "card", "data-testid": "class-card" },
        h("h3", {}, c.name),
        h("p", {}, `${t("join_code")}: `, h("strong", { "data-testid": "join-code" }, detail.join_code), " · ", t("students_count", { n: detail.students.length })),
        h("p", {}, h("a", { href: `/classes/${c.id}?lang=${boot.lang}`, "data-testid": "open-dashboard" }, t("open_dashboard"))),
        students,
        h("label", { for: `roster-${c.id}` }, t("roster_label")), roster, rosterError,
        h("h4", {}, t("links_heading")), links));
    }
    box.replaceChildren(...cards);
  }
  wire($("[data-form=create-class]"), async (f) => {
    await api.post("/api/classes", { name: f.name });
    $("[data-form=create-class]").reset();
    await refresh();
  });
  await refresh();
}

async function studentHome(lessons) {
  const { assignments } = await api.get("/api/assignments");
  const list = $("[data-slot=assignments]");
  list.replaceChildren(...assignments.map((a) => {
    const op = a.goal.mode === "max" ? "≥" : "≤";
    const goal = t("goal_text", { metric: a.goal.metric, op, target: a.goal.target }) + (a.goal.max_epochs ? `, ${t("goal_epochs_text", { n: a.goal.max_epochs })}` : "");
    return h("li", { class: "card", "data-testid": "assignment" },
      h("h3", {}, a.title), h("p", {}, lessons[a.lesson] ?? a.lesson), h("p", {}, goal),
      h("a", { class: "cta", href: `/lessons/${a.lesson}?lang=${boot.lang}&assignment=${a.id}`, "data-testid": "open-assignment" }, t("open")));
  }));
  $("[data-slot=assignments-empty]").hidden = assignments.length > 0;
}

pages[document.body.dataset.page]?.();
