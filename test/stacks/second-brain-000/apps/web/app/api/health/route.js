// Liveness of the web server itself; the backend has its own healthcheck.
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ status: "ok" });
}
