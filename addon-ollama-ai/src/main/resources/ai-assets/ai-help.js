// The help centre's "Ask": streams a grounded answer (NDJSON from /api/ai/help/ask) under the search box.
(function () {
  'use strict';
  var button = document.getElementById('help-ask');
  if (!button) return;
  var input = document.getElementById('help-q');
  var box = document.getElementById('help-answer');
  var text = document.getElementById('help-answer-text');
  var status = document.getElementById('help-answer-status');
  var sources = document.getElementById('help-answer-sources');
  var controller = null;

  button.addEventListener('click', function () {
    var question = input.value.trim();
    if (!question) { input.focus(); return; }
    if (controller) controller.abort();
    controller = new AbortController();
    box.hidden = false; text.textContent = ''; sources.textContent = ''; status.textContent = 'Thinking…';
    var raw = '';
    fetch('/api/ai/help/ask', { method: 'POST', signal: controller.signal, credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/x-ndjson', 'X-CSRF-Token': button.dataset.csrf },
      body: JSON.stringify({ question: question }) })
      .then(function (res) {
        if (!res.ok) { status.textContent = 'The help centre could not answer (' + res.status + ').'; return; }
        var reader = res.body.getReader(), decoder = new TextDecoder(), buffer = '';
        function pump() {
          return reader.read().then(function (r) {
            if (r.done) return;
            buffer += decoder.decode(r.value, { stream: true });
            var lines = buffer.split('\n'); buffer = lines.pop();
            lines.forEach(function (line) { if (line) handle(JSON.parse(line)); });
            return pump();
          });
        }
        return pump();
      })
      .catch(function (e) { if (e.name !== 'AbortError') status.textContent = 'The connection was lost.'; });

    function handle(m) {
      if (m.type === 'sources') {
        m.sources.forEach(function (s) {
          var li = document.createElement('li'), a = document.createElement('a');
          a.href = s.href; a.textContent = s.title + ' — ' + s.section; li.appendChild(a); sources.appendChild(li);
        });
      } else if (m.type === 'token') {
        raw += m.text; text.textContent = raw; status.textContent = '';
      } else if (m.type === 'done') {
        text.innerHTML = m.html; // rendered server-side by SafeMarkdown: raw HTML escaped, links checked
        status.textContent = 'Sources:';
      } else if (m.type === 'error') {
        status.textContent = m.error;
      }
    }
  });
})();
