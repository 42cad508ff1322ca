/**
 * The bare Remix page's production server, in its own process: Express and Remix's own Express
 * adapter, nothing else. Node runs this file as is (type stripping), so it has no relative imports.
 * Prints `{"url": …}` once listening.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";

const build = (await import(pathToFileURL(path.join(import.meta.dirname, "build/server/index.js")).href)) as ServerBuild;
const app = express();
app.disable("x-powered-by");
app.use("/assets", express.static(path.join(import.meta.dirname, "build/client/assets"), { immutable: true, maxAge: "1y" }));
app.all("*", createRequestHandler({ build, mode: "production" }));
const server = app.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(JSON.stringify({ url: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}` }));
});
process.once("SIGTERM", () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
