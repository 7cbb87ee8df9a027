// AI Dashboard charts. Data comes from data-series (JSON) on #usage-data; no inline script.
(function () {
  "use strict";
  function draw() {
    var holder = document.getElementById("usage-data");
    if (!holder || typeof Chart === "undefined") { return; }
    var data = JSON.parse(holder.getAttribute("data-series"));
    var css = getComputedStyle(document.documentElement);
    var accent = css.getPropertyValue("--accent").trim() || "#3b6cf6";
    var danger = css.getPropertyValue("--danger").trim() || "#d64545";
    var muted = css.getPropertyValue("--muted").trim() || "#888";
    var common = { responsive: true, animation: false, plugins: { legend: { labels: { color: muted } } },
      scales: { x: { ticks: { color: muted } }, y: { beginAtZero: true, ticks: { color: muted } } } };
    new Chart(document.getElementById("chart-requests"), { type: "bar", options: common, data: { labels: data.labels, datasets: [
      { label: "requests", data: data.requests, backgroundColor: accent },
      { label: "errors", data: data.errors, backgroundColor: danger }] } });
    new Chart(document.getElementById("chart-tokens"), { type: "line", options: common, data: { labels: data.labels, datasets: [
      { label: "tokens", data: data.tokens, borderColor: accent, tension: 0.2 }] } });
    new Chart(document.getElementById("chart-ttft"), { type: "line", options: common, data: { labels: data.labels, datasets: [
      { label: "p50", data: data.ttftP50, borderColor: accent, spanGaps: true },
      { label: "p95", data: data.ttftP95, borderColor: danger, spanGaps: true }] } });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
