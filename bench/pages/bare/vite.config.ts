import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import { remixFuture } from "../../../remix-future";

/**
 * The bare Remix page of the `pages` benchmark: the same Remix plugin, version and future flags as
 * the app (vite.config.ts), Remix's default entries, no database. Built by bench/pages/run.ts.
 */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [remix({ serverModuleFormat: "esm", future: remixFuture })],
});
