// Console helpers on the server page (/server/{identifier}), added by the ollama-ai add-on without
// touching the host's script: an instant-suggestion dropdown under #console-input and an "Explain"
// action on error lines in #console. No inline script or style attributes (CSP); text only.
//
// Keys: the host's own handler (Enter sends, ArrowUp/Down walk history) keeps working. This script
// listens on the form in the capture phase and takes a key only while the dropdown is open:
// ArrowDown/ArrowUp move the highlight, Tab or Enter put the highlighted item into the input
// (nothing is sent), Escape closes. Enter with nothing highlighted goes to the host as before.
// "Ask AI" (button or Ctrl+Space) asks the code model to complete the command into the input.
(function () {
  "use strict";
  var root = document.getElementById("server");
  if (!root) { return; }
  var id = root.getAttribute("data-identifier");
  var base = "/ai/console/" + encodeURIComponent(id);
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');

  function css(el, styles) { for (var k in styles) { el.style[k] = styles[k]; } return el; }

  // Reads an application/x-ndjson body to its end, calling handle with each object as its line arrives.
  function readLines(body, handle) {
    var reader = body.getReader();
    var decoder = new TextDecoder();
    var buffer = "";
    function pump() {
      return reader.read().then(function (chunk) {
        buffer += decoder.decode(chunk.value || new Uint8Array(), { stream: !chunk.done });
        var parts = buffer.split("\n");
        buffer = chunk.done ? "" : parts.pop();
        parts.forEach(function (p) { if (p.trim()) { try { handle(JSON.parse(p)); } catch (e) { /* partial line */ } } });
        if (!chunk.done) { return pump(); }
      });
    }
    return pump();
  }

  // ---- suggestion dropdown ----
  var input = document.getElementById("console-input");
  var form = document.getElementById("console-form");
  if (input && form) { suggestions(); }

  function suggestions() {
    var list = document.createElement("ul");
    list.id = "ai-suggest";
    list.className = "ai-suggest";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Command suggestions");
    list.hidden = true;
    css(list, { position: "absolute", zIndex: "50", listStyle: "none", margin: "2px 0 0", padding: "2px 0",
      background: "var(--surface, #1e1e24)", color: "inherit", border: "1px solid var(--border, #555)",
      borderRadius: "4px", minWidth: "12rem", maxHeight: "14rem", overflowY: "auto", fontFamily: "monospace" });
    css(form, { position: form.style.position || "relative" });
    form.appendChild(list);
    input.setAttribute("aria-controls", "ai-suggest");
    input.setAttribute("aria-autocomplete", "list");

    var items = [];
    var active = -1;
    var timer = null;
    var inflight = null;

    function isOpen() { return !list.hidden && items.length > 0; }
    function close() {
      list.hidden = true; items = []; active = -1;
      while (list.firstChild) { list.removeChild(list.firstChild); }
      input.removeAttribute("aria-activedescendant");
    }
    function place() {
      css(list, { left: input.offsetLeft + "px", top: (input.offsetTop + input.offsetHeight) + "px" });
    }
    function highlight(index) {
      active = index;
      for (var i = 0; i < items.length; i++) {
        var on = i === index;
        items[i].setAttribute("aria-selected", on ? "true" : "false");
        items[i].classList.toggle("active", on);
        css(items[i], { background: on ? "var(--accent, #3b6ea5)" : "transparent" });
      }
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", items[index].id);
        items[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function accept(index) {
      input.value = items[index].getAttribute("data-value");
      close();
      input.focus();
      input.setSelectionRange(input.value.length, input.value.length);
    }
    function show(values) {
      close();
      if (!values.length || document.activeElement !== input) { return; }
      values.forEach(function (value, i) {
        var li = document.createElement("li");
        li.id = "ai-suggest-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("data-value", value);
        li.textContent = value;
        css(li, { padding: "2px 8px", cursor: "pointer", whiteSpace: "pre" });
        li.addEventListener("mousedown", function (e) { e.preventDefault(); accept(i); });
        list.appendChild(li);
        items.push(li);
      });
      place();
      list.hidden = false;
      highlight(-1);
    }
    function fetchNow(q) {
      if (inflight) { inflight.abort(); }
      var ctrl = new AbortController();
      inflight = ctrl;
      fetch(base + "/suggest?q=" + encodeURIComponent(q), { signal: ctrl.signal, credentials: "same-origin",
        headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (data) {
          if (inflight !== ctrl) { return; } // a newer fetch is on its way
          inflight = null;
          if (input.value !== q) { return; }
          show(data.suggestions || []);
        })
        .catch(function () { /* aborted, or offline: no dropdown */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value;
      if (!q.trim()) { if (inflight) { inflight.abort(); inflight = null; } close(); return; }
      timer = setTimeout(function () { fetchNow(q); }, 80);
    });
    input.addEventListener("blur", function () { clearTimeout(timer); close(); });
    form.addEventListener("submit", function () { clearTimeout(timer); close(); }, true);

    // Capture phase on the form: runs before the host's keydown listener on the input.
    form.addEventListener("keydown", function (event) {
      if (event.target !== input || !isOpen()) { return; }
      var key = event.key;
      var take = false;
      if (key === "ArrowDown") { highlight(active < items.length - 1 ? active + 1 : 0); take = true; }
      else if (key === "ArrowUp" && active >= 0) { highlight(active - 1); take = true; }
      else if ((key === "Tab" || key === "Enter") && active >= 0) { accept(active); take = true; }
      else if (key === "Escape") { close(); take = true; }
      else if (key === "ArrowUp" || key === "Enter") { close(); } // the host's history / send, as before
      if (take) { event.preventDefault(); event.stopPropagation(); }
    }, true);
  }

  // ---- "Ask AI": the code model completes or corrects the typed command ----
  // On demand only: the "Ask AI" button or Ctrl+Space. Debounced (a burst of presses makes one
  // request) and cancellable: a newer request, typing, or Escape aborts the fetch, and the server
  // then cancels its Ollama stream. The answer only fills the input; the user still presses Enter.
  if (input && form) { askAi(); }

  function askAi() {
    var button = document.createElement("button");
    button.type = "button";
    button.id = "ai-complete";
    button.className = "ai-complete";
    button.textContent = "Ask AI";
    button.title = "Let the code model complete or correct this command (Ctrl+Space)";
    var note = document.createElement("span");
    note.id = "ai-complete-note";
    note.className = "muted small";
    note.setAttribute("role", "status");
    css(note, { marginLeft: "0.5em" });
    form.appendChild(button);
    form.appendChild(note);
    var timer = null;
    var inflight = null;

    function cancel() {
      clearTimeout(timer);
      if (inflight) { inflight.abort(); inflight = null; button.disabled = false; note.textContent = ""; }
    }
    function ask() {
      clearTimeout(timer);
      timer = setTimeout(run, 250);
    }
    function run() {
      if (inflight) { inflight.abort(); }
      var ctrl = new AbortController();
      inflight = ctrl;
      var typed = input.value;
      note.textContent = "Asking the code model…";
      button.disabled = true;
      var headers = { "Content-Type": "application/json", Accept: "application/x-ndjson" };
      if (csrfMeta) { headers["X-CSRF-Token"] = csrfMeta.getAttribute("content"); }
      var answer = null;
      var message = "";
      function handle(msg) {
        if (msg.type === "done") { answer = msg.command; }
        else if (msg.type === "note") { message = msg.note; }
        else if (msg.type === "error") { message = msg.error; }
      }
      fetch(base + "/complete", { method: "POST", credentials: "same-origin", headers: headers, signal: ctrl.signal,
        body: JSON.stringify({ typed: typed }) })
        .then(function (r) {
          if (!r.ok || !r.body) { throw new Error("Ask AI is not available (" + r.status + ")."); }
          return readLines(r.body, handle);
        })
        .then(function () {
          if (inflight !== ctrl) { return; }
          if (answer !== null && input.value === typed) {
            input.value = answer;
            input.focus();
            input.setSelectionRange(answer.length, answer.length);
            note.textContent = "Suggested by AI — press Enter to send it.";
          } else {
            note.textContent = message;
          }
        })
        .catch(function (e) { if (inflight === ctrl && e.name !== "AbortError") { note.textContent = e.message; } })
        .then(function () { if (inflight === ctrl) { inflight = null; button.disabled = false; } });
    }
    button.addEventListener("mousedown", function (e) { e.preventDefault(); }); // keep focus in the input
    button.addEventListener("click", ask);
    input.addEventListener("keydown", function (event) {
      if (event.key === " " && event.ctrlKey) { event.preventDefault(); ask(); }
      else if (event.key === "Escape") { cancel(); }
    });
    input.addEventListener("input", cancel);
    form.addEventListener("submit", cancel, true);
  }

  // ---- "Explain" on error lines in #console ----
  // The host appends one .console-line per line; a MutationObserver decorates new error lines with
  // a button (inside the line, so the host's line count and trimming are unchanged). The click
  // sends that line, a few before and the trace after it, and shows the NDJSON answer as text.
  var consoleEl = document.getElementById("console");
  if (consoleEl && window.MutationObserver) { explainer(); }

  function explainer() {
    var ERROR = /(Exception|Error\b|\bERROR\b|FAILED TO BIND|Address already in use|You need to agree to the EULA|class file version)/;
    var TRACE = /^\s+(at |\.\.\. \d+ more)|^Caused by:/;
    function lineText(line) {
      var text = "";
      for (var n = line.firstChild; n; n = n.nextSibling) {
        if (n.nodeType === 1 && n.classList.contains("ai-explain-ui")) { continue; }
        text += n.textContent;
      }
      return text;
    }
    function decorate(line) {
      if (!line.classList || !line.classList.contains("console-line") || line.querySelector(".ai-explain")) { return; }
      var text = lineText(line);
      if (!ERROR.test(text) || TRACE.test(text)) { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "ai-explain ai-explain-ui";
      button.textContent = "Explain";
      button.title = "Explain this error";
      css(button, { marginLeft: "1em", fontSize: "0.8em", padding: "0 6px", cursor: "pointer" });
      button.addEventListener("click", function () { explain(line, button); });
      line.appendChild(button);
    }
    function context(line) {
      var lines = [];
      for (var p = line.previousElementSibling, i = 0; p && i < 5; p = p.previousElementSibling, i++) { lines.unshift(lineText(p)); }
      lines.push(lineText(line));
      for (var n = line.nextElementSibling, j = 0; n && j < 40; n = n.nextElementSibling, j++) { lines.push(lineText(n)); }
      return lines.slice(0, 80);
    }
    function explain(line, button) {
      var old = line.querySelector(".ai-explain-panel");
      if (old) { line.removeChild(old); }
      var panel = document.createElement("div");
      panel.className = "ai-explain-panel ai-explain-ui";
      panel.setAttribute("role", "status");
      css(panel, { whiteSpace: "pre-wrap", border: "1px solid var(--border, #555)", borderRadius: "4px",
        padding: "4px 8px", margin: "4px 0", fontFamily: "inherit" });
      var rules = document.createElement("ul");
      rules.className = "ai-explain-rules";
      var text = document.createElement("div");
      text.className = "ai-explain-text";
      var note = document.createElement("p");
      note.className = "ai-explain-note";
      note.textContent = "Explaining…";
      panel.appendChild(rules); panel.appendChild(text); panel.appendChild(note);
      line.appendChild(panel);
      button.disabled = true;
      var headers = { "Content-Type": "application/json", Accept: "application/x-ndjson" };
      if (csrfMeta) { headers["X-CSRF-Token"] = csrfMeta.getAttribute("content"); }
      function handle(msg) {
        if (msg.type === "rules") {
          (msg.rules || []).forEach(function (r) {
            var li = document.createElement("li");
            var b = document.createElement("strong");
            b.textContent = r.title + ": ";
            li.appendChild(b);
            li.appendChild(document.createTextNode(r.hint));
            rules.appendChild(li);
          });
        } else if (msg.type === "token") { note.textContent = ""; text.textContent += msg.content; }
        else if (msg.type === "note") { note.textContent = msg.note; }
        else if (msg.type === "error") { note.textContent = msg.error; }
        else if (msg.type === "done" && note.textContent === "Explaining…") { note.textContent = ""; }
      }
      fetch(base + "/explain", { method: "POST", credentials: "same-origin", headers: headers,
        body: JSON.stringify({ lines: context(line) }) })
        .then(function (r) {
          if (!r.ok || !r.body) { throw new Error("The explanation is not available (" + r.status + ")."); }
          return readLines(r.body, handle);
        })
        .catch(function (e) { note.textContent = e.message || "The explanation failed."; })
        .then(function () { button.disabled = false; });
    }
    new MutationObserver(function (records) {
      records.forEach(function (rec) { for (var i = 0; i < rec.addedNodes.length; i++) { decorate(rec.addedNodes[i]); } });
    }).observe(consoleEl, { childList: true });
    var existing = consoleEl.querySelectorAll(".console-line");
    for (var k = 0; k < existing.length; k++) { decorate(existing[k]); }
  }
})();
