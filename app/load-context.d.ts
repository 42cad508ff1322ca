import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce: string;
    /** The client's address as seen through the configured proxies; used for rate limits only. */
    clientIp: string;
  }
}
