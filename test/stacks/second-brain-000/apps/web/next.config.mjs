import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

/** @type {import('next').NextConfig} */
const nextConfig = {
  // The image runs `node apps/web/server.js` from .next/standalone: without this line there is
  // no standalone output and the Dockerfile's COPY fails (report 000's first build fix).
  output: "standalone",
  // Trace files from the workspace root, so the standalone output carries @brain/shared and the
  // hoisted pnpm store, not only this app's folder.
  outputFileTracingRoot: join(here, "../.."),
  transpilePackages: ["@brain/shared"],
};

export default nextConfig;
