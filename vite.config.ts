import path from "node:path";
import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig, type Plugin } from "vite";
import { remixFuture } from "./remix-future";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

/**
 * The server's own entry points, built into the same SSR bundle as the Remix app so that the
 * server, the CLI and every route share one copy of each module (ADR 0010).
 */
const serverEntries = {
  server: "server/index.ts",
  cli: "server/cli.ts",
  demo: "server/demo.ts",
  start: "server/start.ts",
};

function serverEntryPoints(): Plugin {
  return {
    name: "fondo-server-entries",
    apply: "build",
    config(config, { isSsrBuild }) {
      if (!isSsrBuild) return;
      // Node 26 runs the server bundle: keep modern syntax (the CLI uses top-level await).
      (config.build ??= {}).target = "es2023";
      const rollup = config.build.rollupOptions ?? {};
      const remixEntry = rollup.input as string;
      rollup.input = { index: remixEntry, ...Object.fromEntries(Object.entries(serverEntries).map(([name, file]) => [name, path.resolve(file)])) };
      rollup.output = { ...(rollup.output as object), entryFileNames: "[name].js", chunkFileNames: "chunks/[name]-[hash].js" };
      config.build.rollupOptions = rollup;
    },
  };
}

export default defineConfig({
  resolve: { alias: { "~": path.resolve(import.meta.dirname, "app") } },
  build: {
    rollupOptions: {
      // Resource routes (CSV, PDF, webhooks…) have no browser code: their empty client chunks are expected.
      onwarn(warning, warn) {
        if (warning.code !== "EMPTY_BUNDLE") warn(warning);
      },
    },
  },
  plugins: [
    remix({
      serverModuleFormat: "esm",
      future: remixFuture,
    }),
    serverEntryPoints(),
  ],
});
