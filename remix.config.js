/** Remix v2 classic compiler (see docs/decisions/0001-remix-v2-classic-compiler.md). */
/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.*", "**/*.server.test.*"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  // Keep node_modules external (PGlite loads its WASM next to its own files).
  serverDependenciesToBundle: [],
  future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true },
  watchPaths: ["./db/**/*", "./emails/**/*"],
};
