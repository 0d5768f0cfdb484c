// Volume backups on the dashboard, through /api/v1/backups with the session cookie and its CSRF
// token: the Volumes page's Back up button (progress followed through the job events), and the
// Backups page's delete, restore dialog and schedules form. Errors are the API's problem+json.
(function () {
  "use strict";

  async function api(method, path, body) {
    const headers = { "X-CSRF-Token": window.berthCsrfToken() };
    if (body !== undefined) { headers["Content-Type"] = "application/json"; }
    const response = await fetch(path, { method: method, headers: headers, credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    if (!response.ok) {
      let message = text;
      try { const problem = JSON.parse(text); message = problem.detail || problem.title || problem.message || text; } catch (e) { /* not JSON */ }
      throw new Error(message || ("HTTP " + response.status));
    }
    return text ? JSON.parse(text) : null;
  }

  window.berthApi = api; // the fleet operations page calls the API the same way

  function say(near, text, isError) {
    const box = near && near.isConnected ? (near.closest("dialog form") || near.closest(".actions")) : null;
    const status = (box && box.querySelector(".status")) || document.querySelector(".actions .status");
    status.textContent = text;
    status.classList.toggle("error", !!isError);
  }

  // Follows job `id` through the dashboard's job events until it ends; `update` hears each state.
  function followJob(id, update) {
    return new Promise(function (resolve) {
      const source = (window.htmx && window.htmx.createEventSource || function (u) { return new EventSource(u); })("/events");
      let done = false;
      async function check() {
        const job = await api("GET", "/api/v1/jobs/" + id);
        const last = (job.events || []).filter(function (e) { return e.message; }).pop();
        update(job, last ? last.message : job.state);
        if (["succeeded", "failed", "cancelled", "timed_out", "timed-out"].includes(job.state) && !done) {
          done = true;
          source.close();
          resolve(job);
        }
      }
      source.addEventListener("job", function (e) { if (e.data === id) { check(); } });
      source.addEventListener("open", check);
    });
  }

  async function backUp(button) {
    const row = button.closest("tr[data-host]");
    const mode = row.querySelector("select[name=mode]").value;
    button.disabled = true;
    say(button, "Backing up " + row.dataset.name + " (" + mode + ")…");
    try {
      const job = await api("POST", "/api/v1/backups", { host: row.dataset.host, volume: row.dataset.name, mode: mode });
      const finished = await followJob(job.id, function (j, message) {
        say(button, "Backup of " + row.dataset.name + ": " + message);
      });
      if (finished.state === "succeeded") {
        say(button, "Backed up " + row.dataset.name + " on " + row.dataset.host + ": " +
          finished.result.files + " files, " + finished.result.archiveBytes + " bytes archived.");
      } else {
        say(button, "Backup of " + row.dataset.name + " failed: " + (finished.error || finished.state), true);
      }
    } finally {
      button.disabled = false;
    }
  }

  function openRestore(button) {
    const row = button.closest("tr[data-backup]");
    const dialog = document.getElementById("restore-dialog");
    const form = dialog.querySelector("form");
    form.dataset.backup = row.dataset.backup;
    form.querySelector("[data-restore-source]").textContent =
      "Backup of " + row.dataset.volume + " on " + row.dataset.host + " made " + row.cells[0].textContent + ".";
    form.elements.host.value = row.dataset.host;
    form.elements.volume.value = row.dataset.volume + "-restored";
    form.elements.replace.checked = false;
    say(form.querySelector(".status"), "");
    dialog.showModal();
  }

  async function restore(form) {
    const body = { host: form.elements.host.value, volume: form.elements.volume.value.trim(),
      replace: form.elements.replace.checked };
    say(form.querySelector(".status"), "Restoring…");
    await api("POST", "/api/v1/backups/" + form.dataset.backup + "/restore", body);
    form.closest("dialog").close();
    say(document.querySelector("#backups"), "Restored as volume " + body.volume + " on " + body.host + ".");
  }

  async function deleteBackup(button) {
    const row = button.closest("tr[data-backup]");
    if (!confirm("Delete the backup of " + row.dataset.volume + " on " + row.dataset.host + " made " +
        row.cells[0].textContent + "? Its archive is deleted for good.")) { return; }
    await api("DELETE", "/api/v1/backups/" + row.dataset.backup);
    say(button, "Deleted the backup of " + row.dataset.volume + ".");
    row.remove();
  }

  async function deleteSchedule(button) {
    const row = button.closest("tr[data-schedule]");
    if (!confirm("Delete this schedule? Its backups stay in the catalog.")) { return; }
    await api("DELETE", "/api/v1/backups/schedules/" + row.dataset.schedule);
    say(button, "Schedule deleted.");
    row.remove();
  }

  async function addSchedule(form) {
    const value = function (name) { return form.elements[name].value.trim(); };
    const body = { host: value("host") || null, hostLabel: value("hostLabel") || null, volume: value("volume") || null,
      mode: value("mode"), cron: value("cron"), keepLast: Number(value("keepLast") || 0),
      keepDaily: Number(value("keepDaily") || 0), keepWeekly: Number(value("keepWeekly") || 0) };
    const created = await api("POST", "/api/v1/backups/schedules", body);
    say(form, "Schedule added; first run " + created.nextRunAt + ".");
    setTimeout(function () { location.reload(); }, 600);
  }

  const ACTIONS = { backup: backUp, restore: openRestore, delete: deleteBackup, "delete-schedule": deleteSchedule,
    close: function (button) { button.closest("dialog").close(); } };

  document.addEventListener("click", async function (event) {
    const button = event.target.closest("button[data-backup-action]");
    if (!button) { return; }
    try {
      await ACTIONS[button.dataset.backupAction](button);
    } catch (e) {
      say(button, e.message, true);
    }
  });

  document.addEventListener("submit", async function (event) {
    const form = event.target.closest("form[data-backup-form]");
    if (!form) { return; }
    event.preventDefault();
    try {
      await (form.dataset.backupForm === "restore" ? restore(form) : addSchedule(form));
    } catch (e) {
      say(form.querySelector(".status") || form, e.message, true);
    }
  });
})();
