// The ChunkCluster dashboard: polls the status every second and the results every few seconds; Start and Stop post
// JSON to the control endpoint. Everything is rendered with textContent: nothing from the server becomes markup.
(function () {
  "use strict";

  const REFRESH_MS = 1000;
  const RESULTS_EVERY_MS = 5000;
  const STATE_NAMES = {PROCESSING: "Processing", PENDING: "Pending", COMPLETE: "Complete", IDLE: "Idle"};

  const $ = (id) => document.getElementById(id);
  const number = new Intl.NumberFormat("en-US");
  let lastResultsAt = 0;
  let lastTested = -1;
  let busy = false;

  function setOnline(online, detail) {
    $("connection").dataset.online = String(online);
    $("connection-text").textContent = online ? "live" : "offline";
    const banner = $("error-banner");
    banner.hidden = online;
    if (!online) {
      banner.textContent = "Cannot reach the server: " + detail + ". Retrying every second.";
    }
  }

  function render(status) {
    const exploration = status.exploration;
    const chunks = exploration.chunks;
    $("exploration-name").textContent = exploration.name;
    document.title = STATE_NAMES[status.state] + " · ChunkCluster";

    const badge = $("state");
    badge.textContent = STATE_NAMES[status.state] || status.state;
    badge.dataset.state = status.state;
    const note = $("pending-note");
    const queuedButIdle = status.state === "PENDING" && !status.isRunning;
    note.hidden = status.state !== "PENDING";
    note.textContent = "(" + number.format(chunks.pending) + " pending)";
    $("desired").textContent = queuedButIdle
      ? "Work is queued but nothing runs. Press Start to launch the coordinator."
      : status.isRunning ? "Running: " + plural(status.processes.length, "live process", "live processes") + "."
      : status.desired === "stopped" ? "Stopped." : "No process is running.";

    $("tested").textContent = number.format(exploration.testedCombinations);
    $("total").textContent = number.format(exploration.totalCombinations);
    $("percent").textContent = exploration.progress.toFixed(2) + " %";
    const bar = $("progress-bar");
    bar.style.width = Math.min(100, exploration.progress) + "%";
    bar.dataset.state = status.state;
    $("progress").setAttribute("aria-valuenow", String(exploration.progress));

    $("chunks-total").textContent = number.format(chunks.total);
    $("chunks-completed").textContent = number.format(chunks.completed);
    $("chunks-running").textContent = number.format(chunks.running);
    $("chunks-pending").textContent = number.format(chunks.pending);
    $("chunks-failed").textContent = number.format(chunks.failed);

    const health = status.health;
    const warning = $("stale-warning");
    warning.hidden = health.staleRunning === 0;
    $("stale-warning-text").textContent = health.staleRunning === 0 ? "" :
      (status.processes.length === 0
        ? "The database says " + health.staleRunning + " chunks are running, but no coordinator or worker is alive. "
          + "Press Stop to reset them to pending" + (health.lastCheck ? "; the health check also resets them." : ".")
        : health.message);
    const message = $("health-message");
    message.textContent = health.message;
    message.dataset.ok = String(health.staleRunning === 0);
    const last = health.lastCheck;
    $("health-last").textContent = last
      ? new Date(last.at).toLocaleTimeString() + " — " + (last.error ? "failed: " + last.error : last.message)
      : "none by this server";
    $("health-fixed").textContent = last ? plural(last.totalFixed, "chunk") + " in " + plural(last.checks, "check")
      : "—";

    renderProcesses(status.processes);
    renderNodes(status.nodes || []);
    $("start-button").disabled = busy || status.state === "COMPLETE"
      || status.processes.some((p) => p.role === "coordinator");
    $("stop-button").disabled = busy;
    $("updated").textContent = "updated " + new Date().toLocaleTimeString();

    const now = Date.now();
    if (exploration.testedCombinations !== lastTested || now - lastResultsAt > RESULTS_EVERY_MS) {
      lastTested = exploration.testedCombinations;
      lastResultsAt = now;
      refreshResults();
    }
  }

  function plural(count, noun, nouns) {
    return number.format(count) + " " + (count === 1 ? noun : (nouns || noun + "s"));
  }

  function cell(row, text, className) {
    const td = document.createElement("td");
    td.textContent = text;
    if (className) {
      td.className = className;
    }
    row.appendChild(td);
    return td;
  }

  function uptime(startedAt) {
    if (!startedAt) {
      return "—";
    }
    const seconds = Math.max(0, Math.round((Date.now() - new Date(startedAt).getTime()) / 1000));
    if (seconds < 120) {
      return seconds + " s";
    }
    const minutes = Math.floor(seconds / 60);
    return minutes < 120 ? minutes + " min" : Math.floor(minutes / 60) + " h";
  }

  function renderProcesses(processes) {
    const body = $("processes").tBodies[0];
    body.replaceChildren();
    for (const process of processes) {
      const row = document.createElement("tr");
      const role = document.createElement("span");
      role.className = "role";
      role.dataset.role = process.role;
      role.textContent = process.role;
      const roleCell = document.createElement("td");
      roleCell.appendChild(role);
      row.appendChild(roleCell);
      cell(row, String(process.pid));
      cell(row, uptime(process.startedAt));
      cell(row, process.logFile || "", "path");
      body.appendChild(row);
    }
    $("process-count").textContent = String(processes.length);
    $("processes").hidden = processes.length === 0;
    $("no-processes").hidden = processes.length !== 0;
  }

  function renderNodes(nodes) {
    const body = $("nodes").tBodies[0];
    body.replaceChildren();
    for (const node of nodes) {
      const row = document.createElement("tr");
      row.dataset.alive = String(node.alive);
      cell(row, node.host);
      cell(row, node.role);
      cell(row, String(node.pid));
      cell(row, node.alive ? node.state : "not alive (" + node.state + ")");
      cell(row, String(node.workers));
      cell(row, Math.max(0, Math.round(node.heartbeatAgeMs / 1000)) + " s ago");
      body.appendChild(row);
    }
    $("node-count").textContent = String(nodes.length);
    $("nodes").hidden = nodes.length === 0;
    $("no-nodes").hidden = nodes.length !== 0;
  }

  function percent(value) {
    return (value * 100).toFixed(2) + " %";
  }

  async function refreshResults() {
    try {
      const response = await fetch("/api/cluster/results", {cache: "no-store"});
      const results = await response.json();
      if (!response.ok) {
        return;
      }
      const body = $("results").tBodies[0];
      body.replaceChildren();
      for (const entry of results.top) {
        const row = document.createElement("tr");
        cell(row, String(entry.rank));
        cell(row, String(entry.combination));
        cell(row, String(entry.fastLength));
        cell(row, String(entry.slowLength));
        cell(row, entry.atrMultiplier.toFixed(1) + "×");
        cell(row, entry.leverage.toFixed(1) + "×");
        cell(row, entry.score.toFixed(3));
        cell(row, percent(entry.cagr));
        cell(row, percent(entry.maxDrawdown));
        cell(row, entry.sharpe.toFixed(2));
        cell(row, number.format(entry.trades));
        body.appendChild(row);
      }
      $("results").hidden = results.top.length === 0;
      $("no-results").hidden = results.top.length !== 0;
      $("results-scope").textContent = results.complete
        ? "final, all " + number.format(results.totalCombinations) + " combinations"
        : "so far, " + number.format(results.testedCombinations) + " of " + number.format(results.totalCombinations)
          + " combinations";
    } catch (e) {
      // the status poll reports connection problems
    }
  }

  async function fetchStatus() {
    try {
      const response = await fetch("/api/cluster/status", {cache: "no-store"});
      const body = await response.json();
      if (!response.ok) {
        throw new Error(body.error || ("HTTP " + response.status));
      }
      render(body);
      setOnline(true);
    } catch (e) {
      setOnline(false, e.message);
    }
  }

  async function refresh() {
    await fetchStatus();
    window.setTimeout(refresh, REFRESH_MS);
  }

  async function control(action) {
    busy = true;
    $("start-button").disabled = true;
    $("stop-button").disabled = true;
    const message = $("control-message");
    message.hidden = false;
    message.dataset.success = "";
    message.textContent = (action === "stop" ? "Stopping" : "Starting") + "…";
    try {
      const response = await fetch("/api/cluster/control", {
        method: "POST",
        headers: {"Content-Type": "application/json"},
        body: JSON.stringify({action: action})
      });
      const body = await response.json();
      message.dataset.success = String(response.ok && body.success === true);
      message.textContent = response.ok ? body.message : (body.error || body.message || ("HTTP " + response.status));
    } catch (e) {
      message.dataset.success = "false";
      message.textContent = "Could not " + action + ": " + e.message;
    } finally {
      busy = false;
      fetchStatus();
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("start-button").addEventListener("click", () => control("start"));
    $("stop-button").addEventListener("click", () => control("stop"));
    refresh();
  });
})();
