// The Registry pages of a repository and of a manifest: copy a pull command, delete a tag or a
// manifest (confirmed) through /api/v1/registry with the session's CSRF token
// (window.berthCsrfToken, from actions.js).
(function () {
  "use strict";
  const remove = async function (path) {
    const response = await fetch(path, { method: "DELETE", headers: { "X-CSRF-Token": window.berthCsrfToken() },
      credentials: "same-origin" });
    if (response.ok) { return null; }
    let message = await response.text();
    try { message = JSON.parse(message).detail || message; } catch (e) { /* not JSON */ }
    return message || ("HTTP " + response.status);
  };
  document.addEventListener("click", async function (event) {
    const button = event.target.closest("button[data-registry-action]");
    if (!button) { return; }
    const card = button.closest("[data-repository]");
    const row = button.closest("tr[data-tag]");
    const status = card.querySelector(".status");
    const say = function (text, isError) { status.textContent = text; status.classList.toggle("error", !!isError); };
    const repository = card.dataset.repository;
    const api = "/api/v1/registry/repositories/" + repository;
    const action = button.dataset.registryAction;
    if (action === "copy") {
      const command = (row || card).querySelector(".pull-command").textContent;
      try {
        await navigator.clipboard.writeText(command);
        say("Copied: " + command);
      } catch (e) {
        say("Copy this: " + command);
      }
    } else if (action === "delete-tag") {
      const tag = row.dataset.tag;
      if (!confirm("Delete tag " + repository + ":" + tag + "?\nIts blobs are freed by the next garbage collection if nothing else uses them.")) { return; }
      const failed = await remove(api + "/tags/" + encodeURIComponent(tag));
      if (failed) { say(failed, true); return; }
      row.remove();
      say("Deleted " + repository + ":" + tag);
    } else if (action === "delete-manifest") {
      const digest = card.dataset.manifest;
      if (!confirm("Delete manifest " + repository + "@" + digest + " and every tag that names it?\nIts blobs are freed by the next garbage collection if nothing else uses them.")) { return; }
      const failed = await remove(api + "/manifests/" + digest);
      if (failed) { say(failed, true); return; }
      window.location.assign("/registry/repositories/" + repository);
    }
  });
})();
