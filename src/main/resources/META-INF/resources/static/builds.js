// The Builds page: posts the form (Dockerfile text, context tar or files, build args, tags) to
// /api/v1/hosts/{host}/builds with the session's CSRF token, then follows the build's output
// live from /hosts/{host}/builds/{id}/events and shows the image's ID and tags at the end.
(function () {
  "use strict";

  function say(text, isError) {
    const status = document.querySelector(".actions .status");
    status.textContent = text;
    status.classList.toggle("error", !!isError);
  }

  async function start(form) {
    const host = form.dataset.host;
    const response = await fetch("/api/v1/hosts/" + encodeURIComponent(host) + "/builds", {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "X-CSRF-Token": window.berthCsrfToken() }
    });
    const text = await response.text();
    let body = null;
    try { body = JSON.parse(text); } catch (e) { /* not JSON */ }
    if (!response.ok) {
      throw new Error((body && (body.detail || body.title)) || text || ("HTTP " + response.status));
    }
    return body;
  }

  function follow(build, output) {
    return new Promise(function (resolve) {
      const source = new EventSource("/hosts/" + encodeURIComponent(build.host) + "/builds/" + build.id + "/events");
      source.addEventListener("output", function (e) {
        const atBottom = output.scrollTop + output.clientHeight >= output.scrollHeight - 4;
        output.append(JSON.parse(e.data));
        if (atBottom) { output.scrollTop = output.scrollHeight; }
      });
      source.addEventListener("end", function (e) {
        source.close();
        resolve(JSON.parse(e.data));
      });
      source.onerror = function () {
        if (source.readyState === EventSource.CLOSED) { resolve(null); }
      };
    });
  }

  document.addEventListener("submit", async function (event) {
    const form = event.target.closest("#build-form");
    if (!form) { return; }
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    const output = document.getElementById("build-output");
    button.disabled = true;
    output.textContent = "";
    output.hidden = false;
    say("Building on " + form.dataset.host + "…");
    try {
      const build = await start(form);
      const ended = await follow(build, output);
      if (ended && ended.state === "succeeded") {
        const tags = ended.tags.length ? " tagged " + ended.tags.join(", ") : "";
        say("Built " + ended.imageId + tags + " in " + (ended.durationMs / 1000).toFixed(1) + " s.");
      } else {
        say("Build failed: " + (ended ? ended.error : "the output stream broke"), true);
      }
      const history = await fetch(location.href, { credentials: "same-origin" }).then(function (r) { return r.text(); });
      const fresh = new DOMParser().parseFromString(history, "text/html").getElementById("build-history");
      if (fresh) { document.getElementById("build-history").replaceWith(fresh); }
    } catch (e) {
      say(e.message, true);
    } finally {
      button.disabled = false;
    }
  });
})();
