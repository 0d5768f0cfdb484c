// The Registry page of one repository: copy a tag's pull command, delete a tag (confirmed) through
// /api/v1/registry with the session's CSRF token (window.berthCsrfToken, from actions.js).
(function () {
  "use strict";
  document.addEventListener("click", async function (event) {
    const button = event.target.closest("button[data-registry-action]");
    if (!button) { return; }
    const card = button.closest("[data-repository]");
    const row = button.closest("tr[data-tag]");
    const status = card.querySelector(".status");
    const say = function (text, isError) { status.textContent = text; status.classList.toggle("error", !!isError); };
    const repository = card.dataset.repository;
    if (button.dataset.registryAction === "copy") {
      const command = row.querySelector(".pull-command").textContent;
      try {
        await navigator.clipboard.writeText(command);
        say("Copied: " + command);
      } catch (e) {
        say("Copy this: " + command);
      }
    } else if (button.dataset.registryAction === "delete-tag") {
      const tag = row.dataset.tag;
      if (!confirm("Delete tag " + repository + ":" + tag + "?\nIts blobs are freed by the next garbage collection if nothing else uses them.")) { return; }
      const response = await fetch("/api/v1/registry/repositories/" + repository + "/tags/" + encodeURIComponent(tag),
        { method: "DELETE", headers: { "X-CSRF-Token": window.berthCsrfToken() }, credentials: "same-origin" });
      if (!response.ok) {
        let message = await response.text();
        try { message = JSON.parse(message).detail || message; } catch (e) { /* not JSON */ }
        say(message || ("HTTP " + response.status), true);
        return;
      }
      row.remove();
      say("Deleted " + repository + ":" + tag);
    }
  });
})();
