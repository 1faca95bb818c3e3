// Plotly.js (1.5 MB, served from the installed plotly package, never a CDN) is
// loaded the first time a chart needs it, not with the page: parsing it holds
// the main thread for over a second, and the form must answer at once. The
// live training curves do not need it (playground/charts.js draws them).

let loading = null;

export function loadPlotly() {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = document.querySelector("meta[name=kp-plotly]")?.content ?? "/static/vendor/plotly.min.js";
    script.onload = () => resolve(window.Plotly);
    script.onerror = () => { loading = null; reject(new Error("Plotly could not be loaded")); };
    document.head.append(script);
  });
  return loading;
}

export async function react(div, traces, layout, config = {}) {
  const Plotly = await loadPlotly();
  return Plotly.react(div, traces, layout, { displaylogo: false, responsive: true, ...config });
}
