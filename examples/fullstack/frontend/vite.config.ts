import { defineConfig } from "vite";

// Production: nginx serves dist/ and proxies /api/ and /socket.io/ (nginx/default.conf).
// Development (compose.dev.yaml): this dev server does the same proxying, with hot reload.
const backend = process.env.BACKEND_URL ?? "http://localhost:3000";

export default defineConfig({
  build: { outDir: "dist", assetsDir: "assets", sourcemap: false },
  server: {
    host: "0.0.0.0",
    port: 8080,
    strictPort: true,
    proxy: {
      "/api": { target: backend },
      "/socket.io": { target: backend, ws: true },
    },
  },
});
