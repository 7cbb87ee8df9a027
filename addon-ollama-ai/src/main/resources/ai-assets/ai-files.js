// "Analyze" in the file manager's editor (/server/{identifier}/files/edit), added by the ollama-ai
// add-on: the code model reviews the open file (problems, risky settings, suggested edits). The
// panel reads the file itself and masks secrets before sending it; this script sends only the
// path. The review streams in as text; the final answer arrives as sanitised HTML (SafeMarkdown).
// No inline script or style attributes (CSP). "Stop" aborts the fetch; the server then cancels
// the model call.
(function () {
  "use strict";
  var match = /^\/server\/([^/]+)\/files\/edit$/.exec(location.pathname);
  var field = document.querySelector('form input[name="file"]');
  var area = document.getElementById("file-content");
  if (!match || !field || !area) { return; }
  var path = field.value;
  if (!/\.(properties|ya?ml|json|json5|toml|conf|cfg|ini|txt|sh|bash|bat|cmd|ps1|js|mjs|ts|py|lua|sk|xml|env|mcmeta|md|csv|lang|secret|service|gradle|kts|sql|php|rb|java|cs|go)$|(^|\/)(\.env|[^./]+)$/i.test(path)) { return; }
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var form = field.form;

  var bar = document.createElement("p");
  bar.className = "row ai-analyze-bar";
  var button = document.createElement("button");
  button.type = "button";
  button.id = "ai-analyze";
  button.textContent = "Analyze";
  button.title = "Let the code model review this file (secrets are masked first)";
  var stop = document.createElement("button");
  stop.type = "button";
  stop.id = "ai-analyze-stop";
  stop.textContent = "Stop";
  stop.style.display = "none"; // not [hidden]: the theme's button display rule would override it
  bar.appendChild(button);
  bar.appendChild(stop);

  var panel = document.createElement("section");
  panel.id = "ai-analysis";
  panel.className = "card ai-analysis";
  panel.hidden = true;
  panel.setAttribute("aria-live", "polite");
  var heading = document.createElement("h2");
  heading.textContent = "AI review";
  var status = document.createElement("p");
  status.className = "muted small";
  status.id = "ai-analysis-status";
  var text = document.createElement("div");
  text.className = "ai-text";
  text.id = "ai-analysis-text";
  text.style.whiteSpace = "pre-wrap";
  panel.appendChild(heading);
  panel.appendChild(status);
  panel.appendChild(text);
  var card = form.closest("section") || form;
  card.parentNode.insertBefore(bar, card);
  card.parentNode.insertBefore(panel, card.nextSibling);

  var inflight = null;
  function finish() { inflight = null; button.disabled = false; stop.style.display = "none"; }
  stop.addEventListener("click", function () {
    if (inflight) { inflight.abort(); status.textContent = "Stopped."; finish(); }
  });
  button.addEventListener("click", function () {
    if (inflight) { inflight.abort(); }
    var ctrl = new AbortController();
    inflight = ctrl;
    panel.hidden = false;
    text.textContent = "";
    text.style.whiteSpace = "pre-wrap";
    status.textContent = "Reviewing…";
    button.disabled = true;
    stop.style.display = "";
    var headers = { "Content-Type": "application/json", Accept: "application/x-ndjson" };
    if (csrfMeta) { headers["X-CSRF-Token"] = csrfMeta.getAttribute("content"); }
    function handle(msg) {
      if (msg.type === "start") {
        status.textContent = "Reviewing" + (msg.parts > 1 ? " in " + msg.parts + " parts" : "") +
          (msg.masked ? " (passwords, tokens and keys were masked before sending)" : "") + "…";
      } else if (msg.type === "token" || msg.type === "part") { text.textContent += msg.content; }
      else if (msg.type === "note") { status.textContent = msg.note; }
      else if (msg.type === "error") { status.textContent = msg.error; }
      else if (msg.type === "done") {
        // Sanitised on the server by SafeMarkdown (no raw HTML, safe links only).
        text.style.whiteSpace = "";
        text.innerHTML = msg.html;
        status.textContent = "Review by the code model; check suggestions before applying them.";
      }
    }
    fetch("/ai/files/" + encodeURIComponent(match[1]) + "/analyze", { method: "POST", credentials: "same-origin",
      headers: headers, signal: ctrl.signal, body: JSON.stringify({ path: path }) })
      .then(function (r) {
        if (!r.ok || !r.body) {
          throw new Error(r.status === 400 ? "This file can't be analyzed (only UTF-8 text, config and script files up to the editor's size limit)."
            : "Analyze is not available for this file (" + r.status + ").");
        }
        var reader = r.body.getReader();
        var decoder = new TextDecoder();
        var buffer = "";
        function pump() {
          return reader.read().then(function (chunk) {
            if (inflight !== ctrl) { return; }
            buffer += decoder.decode(chunk.value || new Uint8Array(), { stream: !chunk.done });
            var parts = buffer.split("\n");
            buffer = chunk.done ? "" : parts.pop();
            parts.forEach(function (p) { if (p.trim()) { try { handle(JSON.parse(p)); } catch (e) { /* partial line */ } } });
            if (!chunk.done) { return pump(); }
          });
        }
        return pump();
      })
      .catch(function (e) { if (inflight === ctrl && e.name !== "AbortError") { status.textContent = e.message; } })
      .then(function () { if (inflight === ctrl) { finish(); } });
  });
})();
