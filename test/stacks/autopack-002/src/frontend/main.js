// Lists the runs the backend reads from Postgres, through nginx's /api proxy (same origin).
const list = document.querySelector("#runs");

async function showRuns() {
  try {
    const response = await fetch("/api/runs");
    if (!response.ok) throw new Error(`backend answered ${response.status}`);
    const { runs } = await response.json();
    list.replaceChildren(...runs.map((run) => {
      const item = document.createElement("li");
      item.textContent = `${run.name} (${run.status})`;
      return item;
    }));
  } catch (error) {
    list.replaceChildren(Object.assign(document.createElement("li"), { textContent: String(error) }));
  }
}

showRuns();
