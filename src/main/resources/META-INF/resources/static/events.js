// The events feed (templates/events.html): Docker events from /docker-events/stream, newest first,
// as text. Keeps the last 500 rows.
(function () {
  "use strict";
  const MOST_ROWS = 500;

  function cell(row, text, className) {
    const td = row.insertCell();
    td.textContent = text;
    if (className) { td.className = className; }
  }

  function show(card, event, withHost) {
    const rows = card.querySelector("#event-rows");
    const row = rows.insertRow(0);
    const actor = event.Actor || {};
    const attributes = Object.assign({}, actor.Attributes || {});
    const name = attributes.name || (actor.ID || "").substring(0, 12);
    delete attributes.name;
    row.dataset.type = event.Type || "";
    row.dataset.action = event.Action || "";
    cell(row, new Date((event.timeNano ? event.timeNano / 1e6 : event.time * 1000)).toLocaleTimeString());
    if (withHost) { cell(row, event.host); }
    cell(row, event.Type || "");
    cell(row, event.Action || "");
    cell(row, name, "mono");
    cell(row, Object.keys(attributes).sort().map(function (k) { return k + "=" + attributes[k]; }).join(" "), "detail");
    while (rows.rows.length > MOST_ROWS) { rows.deleteRow(rows.rows.length - 1); }
    card.querySelector(".events-empty").hidden = true;
  }

  document.addEventListener("DOMContentLoaded", function () {
    const card = document.getElementById("docker-events");
    if (!card) { return; }
    const withHost = card.dataset.fleet === "true";
    const state = card.querySelector(".events-state");
    const source = new EventSource(card.dataset.follow);
    const stopped = [];
    source.addEventListener("docker", function (e) { show(card, JSON.parse(e.data), withHost); });
    function stop(e) {
      stopped.push(e.data);
      state.textContent = stopped.join("; ");
      state.classList.toggle("error", e.type === "failed");
    }
    source.addEventListener("end", stop);
    source.addEventListener("failed", stop);
    // The server ends the stream only when every host's has ended: don't reconnect and repeat them.
    source.onerror = function () {
      source.close();
      if (!stopped.length) { state.textContent = "The feed stopped: reload the page to follow it again."; }
    };
    window.addEventListener("pagehide", function () { source.close(); });
  });
})();
