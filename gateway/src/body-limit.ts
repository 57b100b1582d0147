// The request body limit (MAX_BODY_BYTES, core's REQUEST_BODY_LIMIT: 11 MB), whatever the body's
// framing: a declared Content-Length over the limit is refused before anything is read; a chunked
// body (no length declared) is read here, through raw-body (Express's own reader), and refused as
// soon as it passes the limit. Both get HTTP 413 with BAD_USER_INPUT and `maxBytes`, as the
// subgraphs answer. A body read here is handed to the runtime as is (its Node adapter takes a
// body already read from `req.body`).
import type http from "node:http";
import { requestTooLargeMessage } from "@chapters/core";
import getRawBody from "raw-body";

function refuse(res: http.ServerResponse, maxBytes: number): void {
  res.writeHead(413, { "content-type": "application/json", connection: "close" });
  res.end(JSON.stringify({ errors: [{ message: requestTooLargeMessage, extensions: { code: "BAD_USER_INPUT", maxBytes } }] }));
}

/** True when the request may go on to the runtime; otherwise it has been answered. */
export async function withinBodyLimit(req: http.IncomingMessage, res: http.ServerResponse, maxBytes: number): Promise<boolean> {
  if (req.method !== "POST") return true;
  const declared = req.headers["content-length"];
  if (declared !== undefined) {
    if (Number(declared) <= maxBytes) return true;
    refuse(res, maxBytes);
    return false;
  }
  try {
    const body = await getRawBody(req, { limit: maxBytes });
    // an empty body is left to the runtime to refuse (it reads the exhausted stream as empty)
    if (body.length) (req as http.IncomingMessage & { body?: Buffer }).body = body;
    return true;
  } catch (error) {
    if ((error as { type?: string }).type !== "entity.too.large") throw error;
    refuse(res, maxBytes);
    return false;
  }
}
