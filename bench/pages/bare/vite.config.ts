import path from "node:path";
import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import { remixFuture } from "../../../remix-future";

/**
 * The bare Remix page of the `pages` benchmark: the same Remix plugin, version and future flags as
 * the app (vite.config.ts), Remix's default entries, no database. Built by bench/pages/run.ts.
 * Its root is the app's, so Remix reads the app's package.json (the runtime it has, isbot) and
 * never tries to install anything; only app/ and build/ are its own.
 */
export default defineConfig({
  root: path.resolve(import.meta.dirname, "../../.."),
  publicDir: false,
  plugins: [
    remix({
      appDirectory: path.join(import.meta.dirname, "app"),
      buildDirectory: path.join(import.meta.dirname, "build"),
      serverModuleFormat: "esm",
      future: remixFuture,
    }),
  ],
});
