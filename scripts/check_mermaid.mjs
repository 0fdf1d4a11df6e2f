#!/usr/bin/env node
// Parse Mermaid files with the real mermaid parser (npm "mermaid", with "jsdom" providing a DOM).
//
// Usage: node scripts/check_mermaid.mjs FILE_OR_DIR...   (directories: every *.mmd inside)
// Modules are resolved from frontend/ (its devDependencies) or from $MERMAID_MODULES_DIR.
// Exit 0 when every file parses, 1 when one does not (each failure printed with its message),
// 2 on usage errors.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const base = process.env.MERMAID_MODULES_DIR || path.join(here, "..", "frontend");
const require = createRequire(path.join(base, "package.json"));

async function load(name) {
  return import(pathToFileURL(require.resolve(name)).href);
}

function files(args) {
  const out = [];
  for (const arg of args) {
    if (statSync(arg).isDirectory()) {
      for (const name of readdirSync(arg).sort()) {
        if (name.endsWith(".mmd")) out.push(path.join(arg, name));
      }
    } else {
      out.push(arg);
    }
  }
  return out;
}

const args = process.argv.slice(2);
if (args.length === 0) {
  console.error("usage: node scripts/check_mermaid.mjs FILE_OR_DIR...");
  process.exit(2);
}

const { JSDOM } = await load("jsdom");
const dom = new JSDOM("<!doctype html><html><body></body></html>", { pretendToBeVisual: true });
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const mermaid = (await load("mermaid")).default;
mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });

let failed = 0;
const checked = files(args);
for (const file of checked) {
  try {
    await mermaid.parse(readFileSync(file, "utf8"));
  } catch (error) {
    failed += 1;
    console.error(`${file}: ${String(error?.message ?? error).split("\n").slice(0, 4).join(" | ")}`);
  }
}
console.log(`${checked.length - failed}/${checked.length} Mermaid files parse`);
process.exit(failed ? 1 : 0);
