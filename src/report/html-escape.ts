const entities: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for HTML element content and quoted attributes. */
export const escapeHtml = (text: string | number): string => String(text).replace(/[&<>"']/g, (char) => entities[char] ?? char);
