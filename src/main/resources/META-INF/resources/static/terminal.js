// A container's terminal on its page: xterm.js (served by the control plane under /vendor/) on a
// WebSocket to /hosts/<host>/containers/<id>/terminal. Binary messages are the terminal's bytes
// both ways; a text message {"rows": r, "cols": c} tells the server the terminal's new size.
(function () {
  "use strict";

  function open(card) {
    const screen = card.querySelector(".terminal-screen");
    const state = card.querySelector(".terminal-state");
    const command = card.querySelector("[name=cmd]").value;
    const term = new window.Terminal({ cursorBlink: true, convertEol: false, fontSize: 14,
      theme: { background: "#0d1117" } });
    const fit = new window.FitAddon.FitAddon();
    term.loadAddon(fit);
    screen.replaceChildren();
    term.open(screen);
    fit.fit();
    const url = new URL(card.dataset.terminal, location.href);
    url.protocol = location.protocol === "https:" ? "wss:" : "ws:";
    url.searchParams.set("cmd", command);
    url.searchParams.set("rows", term.rows);
    url.searchParams.set("cols", term.cols);
    const socket = new WebSocket(url);
    socket.binaryType = "arraybuffer";
    const encoder = new TextEncoder();
    state.textContent = "Connecting…";
    socket.onopen = function () { state.textContent = "Starting " + command + "…"; };
    // The shell is there once it has said something (its prompt): keys typed before may be lost.
    socket.onmessage = function (event) {
      if (card.dataset.connected !== "true") {
        state.textContent = "Connected: " + command;
        card.dataset.connected = "true";
        term.focus();
      }
      term.write(typeof event.data === "string" ? event.data : new Uint8Array(event.data));
    };
    socket.onclose = function (event) {
      card.dataset.connected = "false";
      state.textContent = "Closed" + (event.reason ? ": " + event.reason : event.code === 1006 ? ": refused or lost" : ".");
      card.querySelector(".terminal-open").disabled = false;
    };
    term.onData(function (data) {
      if (socket.readyState === WebSocket.OPEN) { socket.send(encoder.encode(data)); }
    });
    term.onResize(function (size) {
      if (socket.readyState === WebSocket.OPEN) { socket.send(JSON.stringify({ rows: size.rows, cols: size.cols })); }
    });
    window.addEventListener("resize", function () { fit.fit(); });
    window.addEventListener("pagehide", function () { socket.close(); });
    window.berthTerminal = term; // for tests and the curious
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-terminal]").forEach(function (card) {
      const button = card.querySelector(".terminal-open");
      button.addEventListener("click", function () {
        button.disabled = true;
        open(card);
      });
    });
  });
})();
