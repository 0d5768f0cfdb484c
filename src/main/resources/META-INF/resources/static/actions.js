// Dashboard actions on a host's objects. They call the host's Docker Engine API through the
// control plane's tunnel (/docker/<host>/...), with the session cookie: the same checks, audit
// and semantics as the docker CLI. Errors are Docker's own {"message": ...}. Also: a container's
// stats followed live. (Logs: static/logs.js.)
(function () {
  "use strict";
  const API = "/v1.47";

  // Changing requests made with the session cookie carry the session's CSRF token (the server
  // refuses them otherwise); the page has it in <meta name="csrf-token">.
  function csrfToken() {
    const meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }
  window.berthCsrfToken = csrfToken;
  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRF-Token"] = csrfToken();
  });

  // A page left for another stays alive in the browser's back/forward cache with its event streams
  // open, and browsers allow only six connections to one server: a few pages on, requests would
  // wait for ever. So the page's streams (htmx's and the log's) close when it is hidden, and a page
  // restored from that cache is loaded afresh.
  const streams = [];
  function openStream(url) {
    const source = new EventSource(url);
    streams.push(source);
    return source;
  }
  if (window.htmx) { window.htmx.createEventSource = openStream; }
  window.berthOpenStream = openStream; // for static/logs.js
  window.addEventListener("pagehide", function () { streams.forEach(function (s) { s.close(); }); });
  window.addEventListener("pageshow", function (event) { if (event.persisted) { location.reload(); } });

  async function docker(host, method, path, body, headers) {
    const response = await fetch("/docker/" + encodeURIComponent(host) + API + path,
      { method: method, body: body, headers: Object.assign({ "X-CSRF-Token": csrfToken() }, headers || {}),
        credentials: "same-origin" });
    const text = await response.text();
    if (!response.ok) {
      let message = text;
      try { message = JSON.parse(text).message || text; } catch (e) { /* not JSON */ }
      throw new Error(message || ("HTTP " + response.status));
    }
    return text;
  }

  // Tells the user in the status line of the actions card around `near` (or the page's first one).
  function say(text, isError, near) {
    const card = near && near.closest(".actions");
    const status = (card && card.querySelector(".status")) || document.querySelector(".actions .status");
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
      request.setRequestHeader("X-CSRF-Token", csrfToken());
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

  // `docker run`'s words: quotes and backslashes as a shell reads them (no expansions).
  function shellWords(text) {
    const words = [];
    let word = null;
    let quote = null;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (quote === "'") {
        if (c === "'") { quote = null; } else { word += c; }
      } else if (quote === "\"") {
        if (c === "\"") { quote = null; } else if (c === "\\" && "\"\\$`".includes(text[i + 1])) { word += text[++i]; } else { word += c; }
      } else if (/\s/.test(c)) {
        if (word !== null) { words.push(word); word = null; }
      } else {
        if (word === null) { word = ""; }
        if (c === "'" || c === "\"") { quote = c; } else if (c === "\\" && i + 1 < text.length) { word += text[++i]; } else { word += c; }
      }
    }
    if (quote) { throw new Error("The command has an unclosed " + quote + "."); }
    if (word !== null) { words.push(word); }
    return words;
  }

  window.berthShellWords = shellWords; // the fleet run form reads its command the same way

  // "256m", "1g", "512k", "1048576" as bytes, as --memory reads them.
  function memoryBytes(text) {
    const m = /^(\d+(?:\.\d+)?)\s*([bkmgt]?)(?:i?b)?$/i.exec(text);
    if (!m) { throw new Error("Invalid memory limit: " + text + " (e.g. 256m, 1g)."); }
    return Math.round(parseFloat(m[1]) * Math.pow(1024, "bkmgt".indexOf((m[2] || "b").toLowerCase())));
  }

  // `-p` specs as the docker CLI takes them: [ip:][hostPort[-end]:]containerPort[-end][/proto], e.g.
  // "8080:80", "127.0.0.1::81", "8000-8001:80-81/udp". Each binding: {ip, hostPort ("" = random), port, proto}.
  function portBindings(text) {
    const bindings = [];
    text.split(/[\s,]+/).filter(Boolean).forEach(function (spec) {
      const m = /^(?:(\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]):)?(?:(\d*)(?:-(\d+))?:)?(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/.exec(spec);
      if (!m) { throw new Error("Invalid port " + spec + ": write it as -p takes it, e.g. 8080:80 or 127.0.0.1::81/udp."); }
      const ip = (m[1] || "").replace(/^\[|\]$/g, "");
      const first = Number(m[4]);
      const last = m[5] ? Number(m[5]) : first;
      const hostFirst = m[2] ? Number(m[2]) : null;
      const hostLast = m[3] ? Number(m[3]) : hostFirst;
      if (last < first || (hostFirst !== null && hostLast - hostFirst !== last - first) || last > 65535
          || (hostLast !== null && hostLast > 65535) || first < 1) {
        throw new Error("Invalid port range " + spec + ".");
      }
      for (let i = 0; i <= last - first; i++) {
        bindings.push({ ip: ip, hostPort: hostFirst === null ? "" : String(hostFirst + i), port: first + i, proto: m[6] || "tcp" });
      }
    });
    return bindings;
  }

  // Whether host addresses a and b of one port would be the same socket, as the agent's PortMapper
  // decides: "" is every address of both families, 0.0.0.0 every IPv4 one, :: every IPv6 one.
  function sameSocket(a, b) {
    a = a || ""; b = b || "";
    if (a === b || !a || !b) { return true; }
    const v6 = function (ip) { return ip.indexOf(":") >= 0; };
    return v6(a) === v6(b) && (a === "0.0.0.0" || b === "0.0.0.0" || a === "::" || b === "::");
  }

  // The first binding that asks for a host port another container of the host already publishes,
  // per the inventory, as a sentence; null when there is none.
  async function portConflict(host, bindings) {
    const wanted = bindings.filter(function (b) { return b.hostPort; });
    if (!wanted.length) { return null; }
    const response = await fetch("/api/v1/containers?limit=1000&state=running&host=" + encodeURIComponent(host),
      { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!response.ok) { return null; } // the agent checks again when the container starts
    const containers = await response.json();
    for (const b of wanted) {
      for (const c of containers) {
        const taken = (c.ports || []).find(function (p) {
          return String(p.PublicPort) === b.hostPort && (p.Type || "tcp") === b.proto && sameSocket(p.IP, b.ip);
        });
        if (taken) {
          return "Port " + b.hostPort + "/" + b.proto + " is already published on " + host + " by container " + c.name
            + " (" + (taken.IP || "0.0.0.0") + ":" + taken.PublicPort + " → " + taken.PrivatePort + "/" + b.proto
            + "). Choose another host port, or leave it empty for a free one.";
        }
      }
    }
    return null;
  }

  // The agent's refusals "Bind for 0.0.0.0:8080 failed: port is already allocated" (another
  // container) and "failed to bind host port for 0.0.0.0:8080:172.29.0.2:80/tcp: address already in
  // use" (another process), said plainly.
  function readableStartError(message, host) {
    const m = /Bind for (.*):(\d+(?:-\d+)?) failed: port is already allocated/.exec(message)
      || /failed to bind host port for (.*?):(\d+):\S*: address already in use/.exec(message);
    return m ? "Port " + m[2] + " (on " + m[1] + ") is already in use on " + host
      + " by another container or process. Choose another host port, or leave it empty for a free one." : message;
  }

  // The Run form: docker create, then docker start, as `docker run` does (without pulling).
  async function runContainer(host, form) {
    const field = function (name) { return form.elements[name].value.trim(); };
    const config = { Image: field("image"), HostConfig: {
      RestartPolicy: { Name: field("restart") }, AutoRemove: form.elements.autoRemove.checked } };
    const command = shellWords(field("command"));
    if (command.length) { config.Cmd = command; }
    config.Env = field("env").split("\n").map(function (l) { return l.trim(); }).filter(Boolean);
    const unset = config.Env.find(function (l) { return l.indexOf("=") <= 0; });
    if (unset) { throw new Error("Environment lines are KEY=value: " + unset); }
    if (field("memory")) { config.HostConfig.Memory = memoryBytes(field("memory")); }
    if (field("cpus")) {
      const cpus = Number(field("cpus"));
      if (!(cpus > 0)) { throw new Error("Invalid number of CPUs: " + field("cpus")); }
      config.HostConfig.NanoCpus = Math.round(cpus * 1e9);
    }
    const bindings = portBindings(field("ports"));
    if (bindings.length) {
      config.ExposedPorts = {};
      config.HostConfig.PortBindings = {};
      bindings.forEach(function (b) {
        const key = b.port + "/" + b.proto;
        config.ExposedPorts[key] = {};
        (config.HostConfig.PortBindings[key] = config.HostConfig.PortBindings[key] || []).push({ HostIp: b.ip, HostPort: b.hostPort });
      });
      say("Checking ports…", false, form);
      const conflict = await portConflict(host, bindings);
      if (conflict) { throw new Error(conflict); }
    }
    const name = field("name");
    say("Creating…", false, form);
    const created = JSON.parse(await docker(host, "POST", "/containers/create" + (name ? "?name=" + encodeURIComponent(name) : ""),
      JSON.stringify(config), { "Content-Type": "application/json" }));
    const shown = name || created.Id.substring(0, 12);
    try {
      await docker(host, "POST", "/containers/" + created.Id + "/start");
    } catch (e) {
      throw new Error("Created " + shown + ", but it did not start: " + readableStartError(e.message, host));
    }
    if (form.elements.detach.checked) {
      form.reset();
      say("Started " + shown + ".", false, form);
    } else {
      location.href = "/hosts/" + encodeURIComponent(host) + "/containers/" + created.Id;
    }
  }

  // A container page's buttons: each a Docker API call; the destructive ones ask first.
  const CONTAINER_ACTIONS = {
    start: { doing: "Starting" },
    stop: { doing: "Stopping", ask: "Stop container {name}? It gets its stop signal, and SIGKILL if it has not exited after its stop timeout." },
    restart: { doing: "Restarting", ask: "Restart container {name}? It is stopped first." },
    kill: { doing: "Killing", ask: "Kill container {name} (SIGKILL)?" },
    pause: { doing: "Pausing" },
    unpause: { doing: "Unpausing" }
  };

  async function containerAction(button) {
    const box = button.closest("[data-container]");
    const host = box.dataset.host;
    const id = encodeURIComponent(box.dataset.container);
    const action = button.dataset.containerAction;
    if (action === "remove") {
      const running = button.dataset.running === "true";
      if (!confirm("Remove container " + box.dataset.name + " from " + host + "?" +
          (running ? "\nIt is running: it is killed first." : ""))) { return; }
      say("Removing…", false, box);
      await docker(host, "DELETE", "/containers/" + id + (running ? "?force=1" : ""));
      location.href = "/hosts/" + encodeURIComponent(host);
      return;
    }
    const spec = CONTAINER_ACTIONS[action];
    if (spec.ask && !confirm(spec.ask.replace("{name}", box.dataset.name))) { return; }
    button.disabled = true;
    say(spec.doing + "…", false, box);
    try {
      await docker(host, "POST", "/containers/" + id + "/" + action);
    } finally {
      button.disabled = false;
    }
    say(spec.doing.replace(/ing$/, "") + " done.", false, box);
    refreshSoon();
  }

  // A container's stats, a sample a second: figures, and two lines over the last two minutes.
  function followStats(card) {
    const KEPT = 120;
    const samples = [];
    const source = openStream(card.dataset.stats);
    const field = function (name) { return card.querySelector("[data-stat='" + name + "']"); };
    function bytes(n) {
      const units = ["B", "KiB", "MiB", "GiB", "TiB"];
      let i = 0;
      while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
      return n.toFixed(i === 0 ? 0 : 1) + " " + units[i];
    }
    function line(values) {
      return values.map(function (v, i) {
        return (i * 120 / (KEPT - 1)).toFixed(1) + "," + (40 - Math.min(100, v) * 0.4).toFixed(1);
      }).join(" ");
    }
    source.addEventListener("sample", function (event) {
      const s = JSON.parse(event.data);
      const memoryPercent = s.memoryLimit > 0 ? s.memoryBytes * 100 / s.memoryLimit : 0;
      samples.push({ cpu: s.cpuPercent, memory: memoryPercent });
      while (samples.length > KEPT) { samples.shift(); }
      field("cpu").textContent = s.cpuPercent.toFixed(1) + " %";
      field("memory").textContent = bytes(s.memoryBytes) + " / " + bytes(s.memoryLimit) + " (" + memoryPercent.toFixed(1) + " %)";
      field("pids").textContent = String(s.pids);
      card.querySelector("polyline.cpu").setAttribute("points", line(samples.map(function (x) { return x.cpu; })));
      card.querySelector("polyline.memory").setAttribute("points", line(samples.map(function (x) { return x.memory; })));
    });
    function stop(text) {
      source.close();
      card.querySelector(".stats-state").textContent = text;
    }
    source.addEventListener("end", function (e) { stop("Stats end here: " + e.data + "."); });
    source.addEventListener("failed", function (e) { stop("Cannot read the stats: " + e.data); });
    source.onerror = function () { stop("The stats stream was interrupted; reload the page to follow it again."); };
  }

  // On a phone the main navigation folds into a menu button (without script it stays unfolded).
  function foldNavigation() {
    const bar = document.querySelector(".topbar");
    const toggle = bar && bar.querySelector(".menu-toggle");
    if (!toggle) { return; }
    toggle.hidden = false;
    bar.classList.add("collapsible");
    toggle.addEventListener("click", function () {
      const open = bar.classList.toggle("open");
      toggle.setAttribute("aria-expanded", String(open));
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    foldNavigation();
    document.querySelectorAll("[data-stats]").forEach(followStats);
  });

  document.addEventListener("click", async function (event) {
    const containerButton = event.target.closest("button[data-container-action]");
    if (containerButton) {
      try {
        await containerAction(containerButton);
      } catch (e) {
        say(e.message, true, containerButton);
      }
      return;
    }
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
    if (form.dataset.action === "run") {
      try {
        await runContainer(host, form);
      } catch (e) {
        say(e.message, true, form);
      }
      return;
    }
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
