// Server list: refreshes state and usage of each row every 5 s from the client API.
(function () {
  "use strict";
  function mib(bytes) { return Math.round(bytes / 1048576) + " MiB"; }
  function refresh() {
    var rows = document.querySelectorAll("tr[data-server]");
    Array.prototype.forEach.call(rows, function (row) {
      fetch("/api/client/servers/" + row.getAttribute("data-server") + "/resources",
        { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (body) {
          if (!body) { return; }
          var a = body.attributes, res = a.resources;
          var state = row.querySelector('[data-field="state"]');
          state.textContent = a.current_state;
          state.className = "state state-" + a.current_state;
          row.querySelector('[data-field="cpu"]').textContent = res.cpu_absolute.toFixed(1) + " %";
          row.querySelector('[data-field="memory"]').textContent = mib(res.memory_bytes);
          row.querySelector('[data-field="disk"]').textContent = mib(res.disk_bytes);
        });
    });
  }
  setInterval(refresh, 5000);
})();
