// Dashboard actions on a host's objects. They call the host's Docker Engine API through the
// control plane's tunnel (/docker/<host>/...), with the session cookie: the same checks, audit
// and semantics as the docker CLI. Errors are Docker's own {"message": ...}.
(function () {
  "use strict";
  const API = "/v1.47";

  async function docker(host, method, path, body, headers) {
    const response = await fetch("/docker/" + encodeURIComponent(host) + API + path,
      { method: method, body: body, headers: headers || {}, credentials: "same-origin" });
    const text = await response.text();
    if (!response.ok) {
      let message = text;
      try { message = JSON.parse(text).message || text; } catch (e) { /* not JSON */ }
      throw new Error(message || ("HTTP " + response.status));
    }
    return text;
  }

  function say(text, isError) {
    const status = document.querySelector(".actions .status");
    if (status) {
      status.textContent = text;
      status.classList.toggle("error", !!isError);
    } else if (isError) {
      alert(text);
    }
  }

  function refreshSoon() { setTimeout(function () { location.reload(); }, 600); }

  // Streams of JSON progress lines (load, import): show the last message, fail on an error line.
  function lastProgress(text) {
    const lines = text.trim().split("\n").filter(Boolean).map(function (line) {
      try { return JSON.parse(line); } catch (e) { return { stream: line }; }
    });
    const failed = lines.find(function (l) { return l.error || l.errorDetail; });
    if (failed) { throw new Error(failed.error || failed.errorDetail.message); }
    const last = lines[lines.length - 1] || {};
    return (last.stream || last.status || "done").trim();
  }

  function upload(host, path, file, contentType) {
    return new Promise(function (resolve, reject) {
      const request = new XMLHttpRequest();
      request.open("POST", "/docker/" + encodeURIComponent(host) + API + path);
      request.setRequestHeader("Content-Type", contentType);
      request.upload.onprogress = function (e) {
        if (e.lengthComputable) { say("Uploading… " + Math.round(100 * e.loaded / e.total) + "%"); }
      };
      request.onload = function () {
        if (request.status >= 400) {
          let message = request.responseText;
          try { message = JSON.parse(message).message; } catch (e) { /* not JSON */ }
          reject(new Error(message));
        } else {
          resolve(request.responseText);
        }
      };
      request.onerror = function () { reject(new Error("upload failed")); };
      request.send(file);
    });
  }

  document.addEventListener("click", async function (event) {
    const button = event.target.closest("button[data-action]");
    if (!button) { return; }
    const row = button.closest("tr[data-id]");
    try {
      if (button.dataset.action === "remove" && row) {
        // By id, as `docker rmi <id>`: the image goes with all its tags, so the confirm names them.
        const tags = Array.from(row.querySelectorAll("[data-reference]"), function (b) { return b.dataset.reference; });
        if (!confirm("Remove image " + row.dataset.id.substring(7, 19) + " from " + row.dataset.host + "?" +
            (tags.length ? "\nIts tags go with it: " + tags.join(", ") : ""))) { return; }
        await docker(row.dataset.host, "DELETE", "/images/" + encodeURIComponent(row.dataset.id));
        refreshSoon();
      } else if (button.dataset.action === "untag" && row) {
        // By name, as `docker rmi <repo:tag>`: only that tag goes, and the image with its last one.
        const reference = button.dataset.reference;
        if (!confirm("Remove tag " + reference + " from " + row.dataset.host + "?" +
            (row.querySelectorAll("[data-reference]").length === 1 ? "\nIt is the image's last tag: the image goes too." : ""))) { return; }
        await docker(row.dataset.host, "DELETE", "/images/" + reference.split("/").map(encodeURIComponent).join("/"));
        refreshSoon();
      } else if (button.dataset.action === "tag" && row) {
        const reference = prompt("New tag (repository:tag) for " + row.dataset.id.substring(7, 19));
        if (!reference) { return; }
        const colon = reference.lastIndexOf(":");
        const hasTag = colon > reference.lastIndexOf("/");
        const query = "repo=" + encodeURIComponent(hasTag ? reference.substring(0, colon) : reference) +
          (hasTag ? "&tag=" + encodeURIComponent(reference.substring(colon + 1)) : "");
        await docker(row.dataset.host, "POST", "/images/" + encodeURIComponent(row.dataset.id) + "/tag?" + query);
        refreshSoon();
      } else if (button.dataset.action === "prune") {
        const host = button.closest("[data-host]").dataset.host;
        const dangling = JSON.parse(await docker(host, "GET", "/images/json?filters=" +
          encodeURIComponent(JSON.stringify({ dangling: ["true"] }))));
        if (dangling.length === 0) { say("No dangling images on " + host + "."); return; }
        const list = dangling.map(function (i) { return i.Id.substring(7, 19); }).join(", ");
        if (!confirm("Remove these dangling images from " + host + "?\n" + list)) { return; }
        const report = JSON.parse(await docker(host, "POST", "/images/prune?filters=" +
          encodeURIComponent(JSON.stringify({ dangling: ["true"] }))));
        say("Removed " + (report.ImagesDeleted || []).length + " item(s), reclaimed " + report.SpaceReclaimed + " bytes.");
        refreshSoon();
      }
    } catch (e) {
      say(e.message, true);
    }
  });

  document.addEventListener("submit", async function (event) {
    const form = event.target.closest("form[data-action]");
    if (!form) { return; }
    event.preventDefault();
    const host = form.closest("[data-host]").dataset.host;
    const file = form.querySelector("input[type=file]").files[0];
    try {
      if (form.dataset.action === "load") {
        say(lastProgress(await upload(host, "/images/load", file, "application/x-tar")));
      } else if (form.dataset.action === "import") {
        const reference = form.querySelector("input[name=reference]").value.trim();
        let query = "fromSrc=-";
        if (reference) {
          const colon = reference.lastIndexOf(":");
          const hasTag = colon > reference.lastIndexOf("/");
          query += "&repo=" + encodeURIComponent(hasTag ? reference.substring(0, colon) : reference) +
            (hasTag ? "&tag=" + encodeURIComponent(reference.substring(colon + 1)) : "");
        }
        say(lastProgress(await upload(host, "/images/create?" + query, file, "application/x-tar")));
      }
      refreshSoon();
    } catch (e) {
      say(e.message, true);
    }
  });
})();
