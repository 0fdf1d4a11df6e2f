import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// Django serves dist/ under /static/ (whitenoise) and dist/index.html for every non-API path.
export default defineConfig({
  base: "/static/",
  plugins: [react()],
  // elkjs (automatic layout) is a lazily loaded 1.4 MB chunk; it never blocks the first paint.
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1600 },
  server: {
    proxy: { "/api": "http://127.0.0.1:8000", "/healthz": "http://127.0.0.1:8000" },
  },
  test: { include: ["tests/**/*.test.ts"], environment: "node" },
});
