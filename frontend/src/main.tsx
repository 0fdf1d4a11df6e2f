import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app";
// Design tokens and element defaults, then each page's styles (kept next to its feature) in a fixed
// order; the editor's load with its chunk (editor-page.tsx).
import "./styles.css";
import "./features/shell/shell.css";
import "./features/shell/toasts.css";
import "./features/catalog/catalog.css";
import "./features/home/home.css";
import "./features/shell/login.css";
// The dark theme overrides the tokens; its selector outranks :root, so its place in the order is free.
import "./theme.css";
import { applyTheme } from "./features/shell/theme";

applyTheme();
const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
