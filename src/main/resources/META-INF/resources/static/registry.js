// The Registry pages of a repository and of a manifest: copy a pull command, delete a tag or a
// manifest (confirmed), allow or stop anonymous pull, through /api/v1/registry with the session's
// CSRF token (window.berthCsrfToken, from actions.js).
(function () {
  "use strict";
  // Sends a change; resolves to null when done, else to what went wrong.
  const change = async function (method, path, body) {
    const headers = { "X-CSRF-Token": window.berthCsrfToken() };
    if (body) { headers["Content-Type"] = "application/json"; }
    const response = await fetch(path, { method: method, headers: headers, credentials: "same-origin",
      body: body ? JSON.stringify(body) : undefined });
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
      const failed = await change("DELETE", api + "/tags/" + encodeURIComponent(tag));
      if (failed) { say(failed, true); return; }
      row.remove();
      say("Deleted " + repository + ":" + tag);
    } else if (action === "delete-manifest") {
      const digest = card.dataset.manifest;
      if (!confirm("Delete manifest " + repository + "@" + digest + " and every tag that names it?\nIts blobs are freed by the next garbage collection if nothing else uses them.")) { return; }
      const failed = await change("DELETE", api + "/manifests/" + digest);
      if (failed) { say(failed, true); return; }
      window.location.assign("/registry/repositories/" + repository);
    } else if (action === "anonymous") {
      const allow = button.dataset.allow === "true";
      if (allow && !confirm("Let anyone pull from " + repository + " without credentials?")) { return; }
      const failed = await change("PUT", api, { anonymousPull: allow });
      if (failed) { say(failed, true); return; }
      card.querySelector(".anonymous-state").textContent = allow ? "allowed (anyone may pull without credentials)" : "not allowed";
      button.dataset.allow = String(!allow);
      button.textContent = allow ? "Stop anonymous pull" : "Allow anonymous pull";
      say(allow ? "Anyone may now pull from " + repository : "Pulling from " + repository + " needs credentials again");
    }
  });
})();
