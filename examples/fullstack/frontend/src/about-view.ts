/** A second client-side route: reloading /about exercises nginx's SPA fallback. */
export function aboutView(): HTMLElement {
  const section = document.createElement("section");
  section.dataset["testid"] = "about";
  section.innerHTML = `
    <h2>About this example</h2>
    <p>nginx serves this single-page app and proxies <code>/api/</code> and <code>/socket.io/</code>
    to a Node backend (Express, Socket.IO) that stores notes in Postgres, counts them in Redis and
    fans them out to every open page over a websocket.</p>
    <p>It is the flagship example of <strong>berth</strong>.</p>`;
  return section;
}
