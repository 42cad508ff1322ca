// Types of @remix-run/node and vite/client come from tsconfig.json's "types".

/** The Remix app, built by the Vite plugin into the same bundle as the server (ADR 0010). */
declare module "virtual:remix/server-build" {
  import type { ServerBuild } from "@remix-run/node";
  export const mode: ServerBuild["mode"];
  export const entry: ServerBuild["entry"];
  export const routes: ServerBuild["routes"];
  export const assets: ServerBuild["assets"];
  export const basename: ServerBuild["basename"];
  export const publicPath: ServerBuild["publicPath"];
  export const assetsBuildDirectory: ServerBuild["assetsBuildDirectory"];
  export const future: ServerBuild["future"];
  export const isSpaMode: ServerBuild["isSpaMode"];
}
