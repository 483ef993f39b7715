// The berth dashboard: Preact + htm, no build step. Reads the JSON API, redraws services on the
// server-sent container events, and sends actions with the token from the URL (#token=...).
import { h, render } from "preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import htm from "htm";

const html = htm.bind(h);

function readToken() {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get("token");
  if (fromHash) {
    sessionStorage.setItem("berth-token", fromHash);
    history.replaceState(null, "", location.pathname);
  }
  return sessionStorage.getItem("berth-token") ?? "";
}

async function getJson(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

function useResource(path, version) {
  const [data, setData] = useState(null);
  useEffect(() => {
    let alive = true;
    getJson(path).then((value) => alive && setData(value)).catch(() => alive && setData(null));
    return () => (alive = false);
  }, [path, version]);
  return data;
}

// Reloads the services on every container event of the project (debounced a little).
function useLiveServices(base) {
  const [tick, setTick] = useState(0);
  const [live, setLive] = useState(false);
  useEffect(() => {
    const source = new EventSource(`${base}/events`);
    let timer;
    source.addEventListener("hello", () => setLive(true));
    source.addEventListener("container", () => {
      clearTimeout(timer);
      timer = setTimeout(() => setTick((n) => n + 1), 150);
    });
    source.onerror = () => setLive(false);
    const poll = setInterval(() => setTick((n) => n + 1), 30000);
    return () => (source.close(), clearInterval(poll), clearTimeout(timer));
  }, [base]);
  return { services: useResource(`${base}/services`, tick), live };
}

// On a Swarm manager: nodes and tasks, polled (a node's failure is no container event of the manager).
// null on one engine, and the section stays hidden.
function useSwarm(base) {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const poll = setInterval(() => setTick((n) => n + 1), 5000);
    return () => clearInterval(poll);
  }, [base]);
  return useResource(`${base}/swarm`, tick);
}

function Swarm({ swarm }) {
  const nodeBadge = (state) => html`<span class=${`badge ${state === "ready" ? "ok" : "failed"}`}>${state}</span>`;
  return html`<table><thead><tr><th>Node</th><th>Role</th><th>Availability</th><th>State</th><th>Message</th></tr></thead><tbody>
    ${swarm.nodes.map((n) => html`<tr data-node=${n.name} data-node-state=${n.state}><td>${n.name}</td><td>${n.role}${n.leader ? " (leader)" : ""}</td>
      <td>${n.availability}</td><td>${nodeBadge(n.state)}</td><td>${n.message}</td></tr>`)}
  </tbody></table>
  <table><thead><tr><th>Service</th><th>Running / desired</th><th>Tasks (node, state)</th><th>Lost, not running</th></tr></thead><tbody>
    ${swarm.services.map((s) => html`<tr data-swarm-service=${s.service} data-ok=${String(s.ok)}><td>${s.service}</td>
      <td><span class=${`badge ${s.ok ? "ok" : "failed"}`}>${s.mode === "job" ? `${s.completed}/${s.desired} completed` : `${s.running}/${s.desired}`}</span></td>
      <td>${s.placements.map((p) => html`<div>${p.task} <small>(${p.node || "no node"}, ${p.state})</small></div>`)}</td>
      <td>${s.lost.map((l) => html`<div class="reason">lost ${l.task} on ${l.node} (node ${l.nodeState})</div>`)}${s.pending.map((p) => html`<div class="reason">${p.task} ${p.state}${p.message ? `: ${p.message}` : ""}</div>`)}</td></tr>`)}
  </tbody></table>`;
}

const Badge = ({ state }) => html`<span class=${`badge state-${state}`}>${state}</span>`;

function Services({ services }) {
  if (!services) return html`<p>Loading services…</p>`;
  return html`<table><thead><tr><th>Service</th><th>State</th><th>Containers</th><th>Restarts</th><th>Ports</th></tr></thead><tbody>
    ${services.map((s) => html`<tr data-service=${s.service} data-state=${s.state} data-up=${String(["healthy", "running", "completed"].includes(s.state))}>
      <td>${s.service}</td><td><${Badge} state=${s.state} /></td>
      <td>${s.containers.map((c) => html`<div>${c.name} <small>(${c.engineState}${c.exitCode === null ? "" : `, exit ${c.exitCode}`})</small></div>`)}</td>
      <td>${s.containers.reduce((n, c) => n + c.restarts, 0)}</td>
      <td>${s.containers.flatMap((c) => c.ports).join(", ")}</td></tr>`)}
  </tbody></table>`;
}

function Actions({ base, info, token, onDone }) {
  const [busy, setBusy] = useState(null);
  const [message, setMessage] = useState("");
  const run = useCallback(async (name) => {
    setBusy(name);
    setMessage(`${name} running…`);
    try {
      const response = await fetch(`${base}/actions/${name}`, { method: "POST", headers: { "X-Berth-Token": token } });
      const body = await response.json();
      setMessage(response.ok ? `${name}: ${body.summary}` : `${name} refused or failed (HTTP ${response.status}): ${body.summary ?? body.error}`);
    } catch (error) {
      setMessage(`${name} failed: ${error}`);
    }
    setBusy(null);
    onDone();
  }, [base, token]);
  const button = (name, label) => {
    const action = info.actions[name];
    return html`<span><button data-action=${name} disabled=${!action.available || busy !== null || !token} title=${action.reason ?? ""} onClick=${() => run(name)}>${label}</button>
      ${action.available ? "" : html` <span class="reason" data-reason=${name}>${action.reason}</span>`}</span>`;
  };
  return html`<div class="actions">${button("verify", "Verify now")}${button("backup", "Back up now")}${button("rollback", "Roll back")}</div>
    ${token ? "" : html`<p class="reason">Actions need the token that berth serve printed: open the dashboard with #token=… in the address.</p>`}
    <p class="message" data-testid="action-message">${message}</p>`;
}

function Runs({ base, runs }) {
  if (!runs) return html`<p>Loading history…</p>`;
  if (runs.length === 0) return html`<p>No run recorded yet.</p>`;
  return html`<table><thead><tr><th>Run</th><th>Command</th><th>Started</th><th>Result</th><th>Probes</th><th>Report</th></tr></thead><tbody>
    ${runs.slice(0, 20).map((r) => html`<tr data-run=${r.runId}><td><code>${r.runId}</code></td><td>${r.command}</td><td>${r.startedAt ?? ""}</td>
      <td>${r.ok === null ? "unfinished" : html`<span class=${`badge ${r.ok ? "ok" : "failed"}`}>${r.ok ? "ok" : "failed"}</span>`}</td>
      <td>${r.probes.total ? `${r.probes.passed}/${r.probes.total}` : ""}</td>
      <td>${r.hasReport ? html`<a data-report=${r.runId} href=${`${base}/runs/${r.runId}/report/html`}>view report</a>` : ""}</td></tr>`)}
  </tbody></table>`;
}

function Releases({ releases }) {
  if (!releases || releases.length === 0) return html`<p>No release recorded yet (berth up records one when it rolls a service out).</p>`;
  return html`<table><thead><tr><th>#</th><th>When</th><th>Command</th><th>Outcome</th><th>Changes</th></tr></thead><tbody>
    ${releases.slice(0, 20).map((r) => html`<tr data-release=${r.id}><td>${r.id}</td><td>${r.at}</td><td>${r.command}${r.rollbackOf ? ` to #${r.rollbackOf}` : ""}</td>
      <td><span class=${`badge ${r.outcome === "deployed" ? "ok" : "failed"}`}>${r.outcome}</span></td>
      <td>${r.changes.map((c) => html`<div>${c.service}: ${c.cause}</div>`)}${r.diagnoses.map((d) => html`<div class="reason">${d}</div>`)}</td></tr>`)}
  </tbody></table>`;
}

function Probes({ verify }) {
  if (!verify) return html`<p>No verify run yet.</p>`;
  return html`<p>Run <code>${verify.runId}</code> (${verify.startedAt})</p><table><tbody>
    ${verify.evidence.map((e) => html`<tr data-probe=${e.probe}><td><span class=${`badge ${e.ok ? "ok" : "failed"}`}>${e.ok ? "pass" : "FAIL"}</span></td><td>${e.probe}</td><td>${e.target}</td><td>${e.summary}</td></tr>`)}
  </tbody></table>`;
}

function Backups({ backups }) {
  if (!backups || backups.length === 0) return html`<p>No backup yet.</p>`;
  return html`<table><thead><tr><th>Service</th><th>Taken</th><th>Size</th><th>Drill</th></tr></thead><tbody>
    ${backups.map((b) => html`<tr><td>${b.service}</td><td>${b.createdAt}</td><td>${(b.sizeBytes / 1024).toFixed(1)} KiB</td>
      <td>${b.drill === null ? "not drilled" : html`<span class=${`badge ${b.drill.ok ? "ok" : "failed"}`}>${b.drill.ok ? "proven" : "failed"}</span> ${b.drill.at}`}</td></tr>`)}
  </tbody></table>`;
}

function Findings({ findings }) {
  if (findings === null) return html`<p>Loading findings…</p>`;
  if (findings.length === 0) return html`<p>berth check found nothing.</p>`;
  return html`<ul>${findings.map((f) => html`<li><span class=${`badge ${f.severity === "error" ? "failed" : "state-starting"}`}>${f.severity}</span> <code>${f.rule}</code> ${f.message}</li>`)}</ul>`;
}

function Logs({ base, services }) {
  const [service, setService] = useState(services[0] ?? "");
  const [text, setText] = useState("");
  const load = () => getJson(`${base}/services/${encodeURIComponent(service)}/logs?tail=100`).then((logs) => setText(logs.map((l) => `== ${l.container}\n${l.text}`).join("\n"))).catch((e) => setText(String(e)));
  return html`<div class="actions"><select value=${service} onChange=${(e) => setService(e.target.value)}>${services.map((s) => html`<option>${s}</option>`)}</select>
    <button onClick=${load}>Show logs</button></div>${text ? html`<pre>${text}</pre>` : ""}`;
}

function Project({ name, token }) {
  const base = `/api/projects/${encodeURIComponent(name)}`;
  const [version, setVersion] = useState(0);
  const info = useResource(base, version);
  const { services, live } = useLiveServices(base);
  const swarm = useSwarm(base);
  const runs = useResource(`${base}/runs`, version);
  const releases = useResource(`${base}/releases`, version);
  const verify = useResource(`${base}/verify`, version);
  const backups = useResource(`${base}/backups`, version);
  const findings = useResource(`${base}/findings`, 0);
  if (!info) return html`<p>Loading ${name}…</p>`;
  return html`<header><h1>berth · ${name}</h1><span class="live" data-live=${String(live)}>${live ? "● live" : "○ reconnecting"}</span></header>
    <section><h2>Services</h2><${Services} services=${services} /></section>
    ${swarm ? html`<section data-swarm><h2>Swarm: nodes and tasks</h2><${Swarm} swarm=${swarm} /></section>` : ""}
    <section><h2>Actions</h2><${Actions} base=${base} info=${info} token=${token} onDone=${() => setVersion((n) => n + 1)} /></section>
    <section><h2>Latest verify</h2><${Probes} verify=${verify} /></section>
    <section><h2>Deployments (releases)</h2><${Releases} releases=${releases} /></section>
    <section><h2>Runs and reports</h2><${Runs} base=${base} runs=${runs} /></section>
    <section><h2>Backups and drills</h2><${Backups} backups=${backups} /></section>
    <section><h2>Check findings</h2><${Findings} findings=${findings} /></section>
    <section><h2>Logs</h2><${Logs} base=${base} services=${info.services} /></section>`;
}

function App() {
  const [token] = useState(readToken);
  const projects = useResource("/api/projects", 0);
  if (!projects) return html`<p>Loading…</p>`;
  return html`${projects.map((p) => html`<${Project} key=${p.name} name=${p.name} token=${token} />`)}`;
}

render(html`<${App} />`, document.getElementById("app"));
