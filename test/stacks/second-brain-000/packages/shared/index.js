// A workspace package the web app imports: the reason its image must be built from the
// workspace root (report 000, "Monorepo context issue").

/** One line per persona, as the page lists them. */
export function describePersona(persona) {
  return `${persona.name}: ${persona.style}`;
}
