import "./style.css";
import { readVersion } from "./api.js";
import { aboutView } from "./about-view.js";
import { connectLive } from "./live.js";
import { NotesView } from "./notes-view.js";

const view = document.querySelector<HTMLElement>("#view")!;
const status = document.querySelector<HTMLElement>("#status")!;
const notes = new NotesView();

function route(): void {
  view.replaceChildren(location.pathname === "/about" ? aboutView() : notes.root);
}

function setStatus(live: boolean): void {
  status.textContent = live ? "live" : "offline";
  status.className = `status ${live ? "live" : "offline"}`;
}

document.addEventListener("click", (event) => {
  const link = (event.target as Element).closest<HTMLAnchorElement>("a[data-link]");
  if (!link) return;
  event.preventDefault();
  history.pushState(null, "", link.href);
  route();
});
window.addEventListener("popstate", route);

route();
connectLive({
  onConnect: () => {
    setStatus(true);
    void notes.refresh();
  },
  onDisconnect: () => setStatus(false),
  onNote: (event) => notes.receive(event),
});
void readVersion().then((body) => {
  document.querySelector("#version")!.textContent = `${body.version} (${body.instance})`;
});
