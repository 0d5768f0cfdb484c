// Fleet operations on the dashboard, through /api/v1/fleet/operations with the session cookie and
// its CSRF token (window.berthApi from backups.js): the form that starts one — the fields shown
// follow the kind chosen — and an operation's Cancel button. The operation page follows its hosts'
// progress through the server-sent events (htmx refreshes its fragment). Also a host page's labels
// (set and removed through /api/v1/hosts/{host}/labels; admins only).
(function () {
  "use strict";

  function say(text, isError) {
    const status = document.querySelector(".actions .status");
    status.textContent = text;
    status.classList.toggle("error", !!isError);
  }

  function lines(text) { return text.split("\n").map(function (l) { return l.trim(); }).filter(Boolean); }
  function words(text) { return text.split(/[\s,]+/).filter(Boolean); }

  function showFieldsOf(form) {
    const kind = form.elements.kind.value;
    form.querySelectorAll("[data-kinds]").forEach(function (field) {
      field.hidden = !field.dataset.kinds.split(" ").includes(kind);
    });
  }

  function target(form) {
    const type = form.querySelector("input[name=targetType]:checked").value;
    if (type === "hosts") {
      return { hosts: Array.from(form.querySelectorAll("input[name=hosts]:checked")).map(function (b) { return b.value; }) };
    }
    return type === "selector" ? { selector: form.elements.selector.value.trim() } : { all: true };
  }

  function params(form) {
    const f = form.elements;
    switch (f.kind.value) {
      case "pull": return { image: f.image.value.trim() };
      case "run": {
        const labels = {};
        lines(f.labels.value).forEach(function (l) { const i = l.indexOf("="); labels[i < 0 ? l : l.slice(0, i)] = i < 0 ? "" : l.slice(i + 1); });
        return { image: f.image.value.trim(), name: f.name.value.trim(), command: window.berthShellWords(f.command.value),
          env: lines(f.env.value), ports: words(f.ports.value), restart: f.restart.value, labels: labels };
      }
      case "stop": return { labels: f.containerLabels.value.trim() };
      case "remove": return { labels: f.containerLabels.value.trim(), force: f.force.checked };
      case "prune": return { all: f.all.checked };
      default: {
        const p = { mode: f.mode.value };
        if (f.volume.value.trim()) { p.volume = f.volume.value.trim(); } else { p.volumeLabel = f.volumeLabel.value.trim(); }
        return p;
      }
    }
  }

  async function start(form) {
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    say("Starting…");
    try {
      const body = { kind: form.elements.kind.value, target: target(form), params: params(form) };
      if (form.elements.timeoutSeconds.value.trim()) { body.timeoutSeconds = Number(form.elements.timeoutSeconds.value); }
      const created = await window.berthApi("POST", "/api/v1/fleet/operations", body);
      location.href = "/fleet/operations/" + created.id;
    } catch (e) {
      say(e.message, true);
    } finally {
      button.disabled = false;
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    const form = document.getElementById("operation-form");
    if (form) {
      showFieldsOf(form);
      form.elements.kind.addEventListener("change", function () { showFieldsOf(form); });
      form.addEventListener("submit", function (e) { e.preventDefault(); start(form); });
    }
    const labels = document.getElementById("host-labels");
    if (labels) {
      const host = labels.dataset.host;
      const change = async function (body) {
        try {
          await window.berthApi("PATCH", "/api/v1/hosts/" + encodeURIComponent(host) + "/labels", body);
          location.reload();
        } catch (e) {
          labels.querySelector(".status").textContent = e.message;
          labels.querySelector(".status").classList.add("error");
        }
      };
      labels.querySelectorAll("[data-action=remove-label]").forEach(function (button) {
        button.addEventListener("click", function () {
          const body = {};
          body[button.closest("[data-label]").dataset.label] = null;
          change(body);
        });
      });
      const labelForm = document.getElementById("label-form");
      if (labelForm) {
        labelForm.addEventListener("submit", function (e) {
          e.preventDefault();
          const body = {};
          body[labelForm.elements.key.value.trim()] = labelForm.elements.value.value;
          change(body);
        });
      }
    }
    // The Cancel button is in the fragment that live updates replace (it goes when the operation is over).
    document.addEventListener("click", async function (e) {
      const cancel = e.target.closest("[data-action=cancel-operation]");
      if (!cancel) { return; }
      const id = document.querySelector("[data-operation]").dataset.operation;
      cancel.disabled = true;
      try {
        const op = await window.berthApi("POST", "/api/v1/fleet/operations/" + id + "/cancel");
        say("Cancelled: " + op.state);
        window.htmx.ajax("GET", "/fleet/operations/" + id + "/fragment", "#operation-parts");
      } catch (err) {
        say(err.message, true);
        cancel.disabled = false;
      }
    });
  });
})();
