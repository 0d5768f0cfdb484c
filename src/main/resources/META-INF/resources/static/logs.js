// Log views (templates/tags/logView.html): a log followed live from server-sent events (stdout,
// stderr, note, then end or failed), a search that shows only the lines containing its text, and
// timestamps on demand (the stream is opened again with timestamps=1: the container's own times).
(function () {
  "use strict";
  const KEPT_LINES = 5000;

  function setUp(view) {
    const pre = view.querySelector("pre.logs");
    const state = view.querySelector(".log-state");
    const search = view.querySelector(".log-search");
    const timestamps = view.querySelector(".log-timestamps");
    const matches = view.querySelector(".log-matches");
    const open = window.berthOpenStream || function (url) { return new EventSource(url); };
    let source = null;

    function shown(line) {
      const wanted = search.value.trim().toLowerCase();
      return !wanted || line.textContent.toLowerCase().indexOf(wanted) >= 0;
    }
    function count() {
      const wanted = search.value.trim();
      if (!wanted) { matches.textContent = ""; return; }
      let n = 0;
      pre.childNodes.forEach(function (line) { if (!line.hidden) { n++; } });
      matches.textContent = n + " of " + pre.childNodes.length + " lines contain “" + wanted + "”";
    }
    function filter() {
      pre.childNodes.forEach(function (line) { line.hidden = !shown(line); });
      count();
    }
    function append(kind, text) {
      const line = document.createElement("span");
      line.className = kind;
      line.textContent = text + "\n";
      line.hidden = !shown(line);
      const atBottom = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
      pre.appendChild(line);
      while (pre.childNodes.length > KEPT_LINES) { pre.removeChild(pre.firstChild); }
      if (atBottom) { pre.scrollTop = pre.scrollHeight; }
      if (search.value) { count(); }
    }
    function stop(text, isError) {
      source.close();
      state.textContent = text;
      state.classList.toggle("error", isError);
    }
    function follow() {
      if (source) { source.close(); }
      pre.textContent = "";
      state.classList.remove("error");
      const url = view.dataset.log;
      source = open(url + (timestamps.checked ? (url.indexOf("?") >= 0 ? "&" : "?") + "timestamps=1" : ""));
      source.addEventListener("open", function () { state.textContent = "Following…"; });
      source.addEventListener("stdout", function (e) { append("stdout", e.data); });
      source.addEventListener("stderr", function (e) { append("stderr", e.data); });
      source.addEventListener("note", function (e) { append("note", e.data); });
      source.addEventListener("end", function (e) { stop("The log ends here: " + e.data + ".", false); });
      source.addEventListener("failed", function (e) { stop("Cannot read the log: " + e.data, true); });
      source.onerror = function () { stop("The log stream was interrupted; reload the page to follow it again.", true); };
    }
    search.addEventListener("input", filter);
    timestamps.addEventListener("change", follow);
    follow();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-log]").forEach(setUp);
  });
})();
