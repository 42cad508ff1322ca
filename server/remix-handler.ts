import { createRequire } from "node:module";
import { createRequestHandler as createRemixHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import type { NextFunction, Request, Response } from "express";
import { discardUnreadBody, limitBodyStream, sendTooLarge } from "./body-limits";
import { isPrivateRequest, privateResponse } from "./private-responses";

/**
 * @remix-run/express's handler, with the request body counted as Remix reads it: a chunked body
 * over the cap set by refuseOversizedBodies stops there and the visitor gets a 413, whatever the
 * route would have answered. Every answer to a private request leaves with no-store (private-responses.ts).
 */
// The adapter's own request/response conversion (v2 keeps it in dist/server.js, untyped).
const { createRemixRequest, sendRemixResponse } = createRequire(import.meta.url)("@remix-run/express/dist/server.js") as {
  createRemixRequest(req: Request, res: Response): globalThis.Request;
  sendRemixResponse(res: Response, response: globalThis.Response): Promise<void>;
};

export function createRequestHandler(options: {
  build: ServerBuild;
  mode?: string;
  getLoadContext?: (req: Request, res: Response) => AppLoadContext | Promise<AppLoadContext>;
}) {
  const handle = createRemixHandler(options.build, options.mode);
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      let request = createRemixRequest(req, res);
      let tooLarge = false;
      const limit = res.locals.bodyLimit as number | undefined;
      if (request.body && limit !== undefined) {
        const body = limitBodyStream(request.body, limit, () => (tooLarge = true));
        request = new Request(request, { body, duplex: "half" } as RequestInit);
      }
      const answer = await handle(request, await options.getLoadContext?.(req, res));
      const isPrivate = isPrivateRequest(request);
      const response = isPrivate ? privateResponse(answer) : answer;
      // Helmet's site-wide Referrer-Policy would otherwise be sent beside the private one.
      if (isPrivate) res.removeHeader("Referrer-Policy");
      if (tooLarge) {
        await response.body?.cancel().catch(() => {});
        await sendTooLarge(req, res);
        return;
      }
      if (request.body && !req.complete) discardUnreadBody(req, res);
      await sendRemixResponse(res, response);
    } catch (error) {
      next(error);
    }
  };
}
