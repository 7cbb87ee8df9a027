// Server page: console over the Wings-protocol WebSocket, power buttons, live stats and graphs.
// No inline scripts (CSP); every console line is inserted as text, ANSI SGR codes become spans.
(function () {
  "use strict";
  var root = document.getElementById("server");
  if (!root) { return; }
  var id = root.getAttribute("data-identifier");
  var base = "/api/client/servers/" + id;
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var consoleEl = document.getElementById("console");
  var statusEl = document.getElementById("console-status");
  var stateEl = document.getElementById("server-state");
  var MAX_LINES = 1000;
  var socket = null;
  var lastState = stateEl ? stateEl.textContent : "offline";

  // ---- ANSI rendering: text nodes only, colours as classes ----
  var COLORS = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"];
  function sgr(style, codes) {
    for (var i = 0; i < codes.length; i++) {
      var c = codes[i];
      if (c === 0) { style = {}; }
      else if (c === 1) { style.bold = true; }
      else if (c === 3) { style.italic = true; }
      else if (c === 4) { style.underline = true; }
      else if (c === 22) { style.bold = false; }
      else if (c === 23) { style.italic = false; }
      else if (c === 24) { style.underline = false; }
      else if (c >= 30 && c <= 37) { style.fg = COLORS[c - 30]; }
      else if (c >= 90 && c <= 97) { style.fg = "bright-" + COLORS[c - 90]; }
      else if (c === 39) { style.fg = null; }
      else if (c >= 40 && c <= 47) { style.bg = COLORS[c - 40]; }
      else if (c === 49) { style.bg = null; }
      else if ((c === 38 || c === 48) && codes[i + 1] === 5) { i += 2; }
      else if ((c === 38 || c === 48) && codes[i + 1] === 2) { i += 4; }
    }
    return style;
  }
  function classesOf(style) {
    var list = [];
    if (style.fg) { list.push("ansi-fg-" + style.fg); }
    if (style.bg) { list.push("ansi-bg-" + style.bg); }
    if (style.bold) { list.push("ansi-bold"); }
    if (style.italic) { list.push("ansi-italic"); }
    if (style.underline) { list.push("ansi-underline"); }
    return list.join(" ");
  }
  function renderLine(text) {
    var line = document.createElement("div");
    line.className = "console-line";
    var style = {};
    var pattern = /\u001b\[([0-9;]*)([A-Za-z])/g;
    var last = 0;
    var match;
    function push(segment) {
      if (!segment) { return; }
      var cls = classesOf(style);
      if (cls) {
        var span = document.createElement("span");
        span.className = cls;
        span.textContent = segment;
        line.appendChild(span);
      } else {
        line.appendChild(document.createTextNode(segment));
      }
    }
    while ((match = pattern.exec(text)) !== null) {
      push(text.substring(last, match.index));
      if (match[2] === "m") {
        var codes = match[1] === "" ? [0] : match[1].split(";").map(function (n) { return parseInt(n, 10) || 0; });
        style = sgr(style, codes);
      }
      last = pattern.lastIndex;
    }
    // other control characters (except tab) are dropped
    push(text.substring(last).replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ""));
    return line;
  }
  function appendLine(text) {
    var atBottom = consoleEl.scrollTop + consoleEl.clientHeight >= consoleEl.scrollHeight - 20;
    consoleEl.appendChild(renderLine(text));
    while (consoleEl.childNodes.length > MAX_LINES) { consoleEl.removeChild(consoleEl.firstChild); }
    if (atBottom) { consoleEl.scrollTop = consoleEl.scrollHeight; }
  }
  function daemon(text) { appendLine("\u001b[1;33m[Talon] " + text + "\u001b[0m"); }

  // ---- state, stats ----
  function setState(state) {
    lastState = state;
    if (stateEl) { stateEl.textContent = state; stateEl.className = "state state-" + state; }
    var buttons = document.querySelectorAll("button[data-power]");
    for (var i = 0; i < buttons.length; i++) {
      var p = buttons[i].getAttribute("data-power");
      buttons[i].disabled = (p === "start" && state !== "offline") || ((p === "stop" || p === "restart") && state === "offline")
        || (p === "kill" && state === "offline");
    }
  }
  function mib(bytes) { return (bytes / 1048576).toFixed(1) + " MiB"; }
  function duration(ms) {
    var s = Math.floor(ms / 1000), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
    return h + "h " + m + "m " + (s % 60) + "s";
  }
  function showStats(stats) {
    setText("stat-cpu", stats.cpu_absolute.toFixed(1) + " %");
    setText("stat-memory", mib(stats.memory_bytes) + (stats.memory_limit_bytes ? " / " + mib(stats.memory_limit_bytes) : ""));
    setText("stat-disk", mib(stats.disk_bytes));
    setText("stat-uptime", duration(stats.uptime || 0));
    if (stats.state === "running" || stats.state === "starting") { addPoint(Date.now(), stats.cpu_absolute, stats.memory_bytes); }
  }
  function setText(id, text) { var el = document.getElementById(id); if (el) { el.textContent = text; } }

  // ---- graphs ----
  var charts = {};
  function makeChart(canvasId, label) {
    var canvas = document.getElementById(canvasId);
    if (!canvas || !window.Chart) { return null; }
    return new window.Chart(canvas, {
      type: "line",
      data: { labels: [], datasets: [{ label: label, data: [], pointRadius: 0, borderWidth: 1.5, tension: 0.2, fill: true }] },
      options: { animation: false, responsive: true, maintainAspectRatio: false,
        scales: { x: { ticks: { maxTicksLimit: 6 } }, y: { beginAtZero: true } }, plugins: { legend: { display: true } } }
    });
  }
  function label(at) { var d = new Date(at); return d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }); }
  function addPoint(at, cpu, memory) {
    if (!charts.cpu) { return; }
    charts.cpu.data.labels.push(label(at)); charts.cpu.data.datasets[0].data.push(cpu);
    charts.memory.data.labels.push(label(at)); charts.memory.data.datasets[0].data.push(memory / 1048576);
    [charts.cpu, charts.memory].forEach(function (c) {
      while (c.data.labels.length > 2000) { c.data.labels.shift(); c.data.datasets[0].data.shift(); }
      c.update();
    });
  }
  function loadSeries(range) {
    if (!charts.cpu) { return; }
    fetch(base + "/metrics?range=" + encodeURIComponent(range), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { data: [] }; })
      .then(function (body) {
        [charts.cpu, charts.memory].forEach(function (c) { c.data.labels = []; c.data.datasets[0].data = []; });
        body.data.forEach(function (p) {
          charts.cpu.data.labels.push(label(p.at)); charts.cpu.data.datasets[0].data.push(p.cpu_absolute);
          charts.memory.data.labels.push(label(p.at)); charts.memory.data.datasets[0].data.push(p.memory_bytes / 1048576);
        });
        charts.cpu.update(); charts.memory.update();
      });
  }

  // ---- socket ----
  function fetchToken() {
    return fetch(base + "/websocket", { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
      .then(function (body) { return body.data; });
  }
  function send(event, args) {
    if (socket && socket.readyState === 1) { socket.send(JSON.stringify({ event: event, args: args || [] })); }
  }
  function connect() {
    if (root.getAttribute("data-connect") !== "true") { statusEl.textContent = "You may not view this console."; return; }
    fetchToken().then(function (data) {
      var url = data.socket.replace(/^wss?:\/\/[^/]+/, (location.protocol === "https:" ? "wss://" : "ws://") + location.host);
      socket = new WebSocket(url);
      socket.onopen = function () { send("auth", [data.token]); };
      socket.onmessage = function (message) {
        var frame = JSON.parse(message.data);
        var arg = frame.args && frame.args.length ? frame.args[0] : "";
        switch (frame.event) {
          case "auth success": statusEl.textContent = "Connected."; send("send logs"); break;
          case "console output": appendLine(arg); break;
          case "status": setState(arg); break;
          case "stats": showStats(JSON.parse(arg)); break;
          case "daemon error": case "daemon message": daemon(arg); break;
          case "jwt error": statusEl.textContent = "Not allowed: " + arg; break;
          case "token expiring": fetchToken().then(function (d) { send("auth", [d.token]); }); break;
          case "token expired": statusEl.textContent = "Session expired; reconnecting…"; socket.close(); break;
        }
      };
      socket.onclose = function () {
        statusEl.textContent = "Disconnected; reconnecting…";
        setTimeout(connect, 3000);
      };
    }).catch(function (e) { statusEl.textContent = "Could not connect (" + e.message + "); retrying…"; setTimeout(connect, 5000); });
  }

  // ---- input with history ----
  var form = document.getElementById("console-form");
  var input = document.getElementById("console-input");
  var history = [];
  try { history = JSON.parse(localStorage.getItem("talon.history." + id) || "[]"); } catch (e) { history = []; }
  var cursor = history.length;
  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var command = input.value;
      if (!command.trim()) { return; }
      send("send command", [command]);
      if (history[history.length - 1] !== command) { history.push(command); }
      if (history.length > 100) { history = history.slice(-100); }
      try { localStorage.setItem("talon.history." + id, JSON.stringify(history)); } catch (e) { /* storage full or off */ }
      cursor = history.length;
      input.value = "";
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowUp" && cursor > 0) { cursor--; input.value = history[cursor]; event.preventDefault(); }
      else if (event.key === "ArrowDown") {
        if (cursor < history.length - 1) { cursor++; input.value = history[cursor]; } else { cursor = history.length; input.value = ""; }
        event.preventDefault();
      }
    });
  }

  // ---- power: over the socket, REST as the fallback ----
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-power]");
    if (!button) { return; }
    var signal = button.getAttribute("data-power");
    if (signal === "kill" && !window.confirm("Kill the process? Unsaved data is lost.")) { return; }
    if (socket && socket.readyState === 1) { send("set state", [signal]); return; }
    fetch(base + "/power", { method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrfMeta ? csrfMeta.content : "" },
      body: JSON.stringify({ signal: signal }) })
      .then(function (r) { if (!r.ok) { return r.json().then(function (b) { daemon(b.error || ("HTTP " + r.status)); }); } });
  });

  window.addEventListener("load", function () {
    charts.cpu = makeChart("chart-cpu", "CPU %");
    charts.memory = makeChart("chart-memory", "Memory MiB");
    var range = document.getElementById("chart-range");
    if (range) { range.addEventListener("change", function () { loadSeries(range.value); }); }
    loadSeries(range ? range.value : "1h");
  });
  setState(lastState);
  connect();
})();
