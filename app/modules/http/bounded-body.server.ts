/**
 * Reads a request body, stopping as soon as it passes `maxBytes` (a declared Content-Length over
 * the cap is refused before reading). Every action reads bodies through here or readForm.
 */
export async function readBoundedBody(request: Request, maxBytes: number): Promise<Uint8Array | "too_large" | "unreadable"> {
  if (Number(request.headers.get("Content-Length") ?? "0") > maxBytes) return "too_large";
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        return "too_large";
      }
      chunks.push(value);
    }
  } catch (error) {
    // The server's own limit (server/body-limits.ts) cuts a chunked body off mid-stream.
    return (error as Error).name === "PayloadTooLargeError" ? "too_large" : "unreadable";
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
