import { describePersona } from "@brain/shared";

// Rendered per request on the server: the backend's address is read at run time from API_URL
// (http://backend:8000 on the compose network), never baked into the bundle as a localhost URL
// (report 000, "Hardcoded localhost URLs").
export const dynamic = "force-dynamic";

async function loadPersonas() {
  const apiUrl = process.env.API_URL ?? "http://backend:8000";
  try {
    const response = await fetch(`${apiUrl}/personas`, { cache: "no-store" });
    if (!response.ok) return { error: `backend answered ${response.status}` };
    return { personas: (await response.json()).personas };
  } catch (error) {
    return { error: `backend unreachable: ${error.message}` };
  }
}

export default async function Home() {
  const { personas, error } = await loadPersonas();
  return (
    <main>
      <h1>Second Brain</h1>
      {error ? (
        <p id="error">{error}</p>
      ) : (
        <ul id="personas">
          {personas.map((persona) => (
            <li key={persona.name}>{describePersona(persona)}</li>
          ))}
        </ul>
      )}
    </main>
  );
}
