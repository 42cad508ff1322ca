import http from "node:http";

export type Answer = { status: number; ms: number; body: string; location?: string };

/**
 * One raw HTTP request, the way an attacker sends it: any method, headers and body, or `size`
 * bytes streamed without ever being held (declared with Content-Length, or chunked). Resolves
 * with the answer and how long it took to arrive, then drops the connection.
 */
export function sendRaw(
  base: string,
  pathname: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer; size?: number; chunked?: boolean } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const headers: Record<string, string> = { ...options.headers };
    if (options.size !== undefined && !options.chunked) headers["Content-Length"] = String(options.size);
    if (options.chunked) headers["Transfer-Encoding"] = "chunked";
    const req = http.request(new URL(pathname, base), { method: options.method ?? "POST", headers, agent: false });
    let answered = false;
    req.on("response", (res) => {
      const ms = performance.now() - started;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        if (body.length < 1_000_000) body += chunk;
      });
      res.on("end", () => {
        answered = true;
        resolve({ status: res.statusCode!, ms, body, location: res.headers.location });
        req.destroy();
      });
      res.on("error", (error) => (answered ? undefined : reject(error)));
    });
    req.on("error", (error) => (answered ? undefined : reject(error)));
    if (options.size === undefined) {
      req.end(options.body);
      return;
    }
    const chunk = Buffer.alloc(64 * 1024, "a");
    let sent = 0;
    const pump = () => {
      while (sent < options.size! && !req.destroyed) {
        const piece = chunk.subarray(0, Math.min(chunk.length, options.size! - sent));
        sent += piece.length;
        if (!req.write(piece)) {
          req.once("drain", pump);
          return;
        }
      }
      if (!req.destroyed) req.end();
    };
    pump();
  });
}

/** Asks /healthz every 100 ms until stopped; reports the slowest answer. */
export function watchHealth(base: string) {
  let slowest = 0;
  let failures = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const answer = await sendRaw(base, "/healthz", { method: "GET" }).catch(() => null);
      if (!answer || answer.status !== 200) failures++;
      else slowest = Math.max(slowest, answer.ms);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { slowestMs: slowest, failures };
    },
  };
}

/** A multipart body, for parts a browser never sends (an empty name, say) and files (bytes). */
export function multipart(parts: { name: string; value: string | Buffer; filename?: string; type?: string }[]) {
  const boundary = "----fondo-hostile";
  const pieces = parts.flatMap((p) => [
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ""}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ""}\r\n`,
    ),
    Buffer.from(p.value),
    Buffer.from("\r\n"),
  ]);
  return { body: Buffer.concat([...pieces, Buffer.from(`--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}
