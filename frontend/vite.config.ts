import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// Django serves dist/ under /static/ (whitenoise) and dist/index.html for every non-API path.
export default defineConfig({
  base: "/static/",
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true },
  server: {
    proxy: { "/api": "http://127.0.0.1:8000", "/healthz": "http://127.0.0.1:8000" },
  },
  test: { include: ["tests/**/*.test.ts"], environment: "node" },
});
