// The request body limit (MAX_BODY_BYTES, core's REQUEST_BODY_LIMIT: 11 MB), whatever the body's
// framing: a declared Content-Length over the limit is refused without keeping anything; a chunked
// body (no length declared) is read here, through raw-body (Express's own reader), and refused as
// soon as it passes the limit. Both get HTTP 413 with BAD_USER_INPUT and `maxBytes`, as the
// subgraphs answer. A body read here is handed to the runtime as is (its Node adapter takes a
// body already read from `req.body`).
//
// The 413 goes out once the client has finished sending (what it still sends is read and thrown
// away, up to DRAIN_FACTOR times the limit): a client that is still writing when the connection
// closes sees a reset, not the answer (fetch: "fetch failed"; found by the hostile suite,
// HOSTILE_SEED=1480526403). Past that, the connection is cut: nobody is owed an answer to 50 MB.
import type http from "node:http";
import { requestTooLargeMessage } from "@chapters/core";
import getRawBody from "raw-body";

const DRAIN_FACTOR = 4;

function refuse(req: http.IncomingMessage, res: http.ServerResponse, maxBytes: number, alreadyRead: number): void {
  let answered = false;
  const answer = () => {
    if (answered) return;
    answered = true;
    res.writeHead(413, { "content-type": "application/json", connection: "close" });
    res.end(JSON.stringify({ errors: [{ message: requestTooLargeMessage, extensions: { code: "BAD_USER_INPUT", maxBytes } }] }));
  };
  const declared = Number(req.headers["content-length"]);
  if (req.complete || declared > DRAIN_FACTOR * maxBytes) return answer();
  let drained = alreadyRead;
  req.on("data", (chunk: Buffer) => {
    drained += chunk.length;
    if (drained <= DRAIN_FACTOR * maxBytes) return;
    answer();
    req.destroy();
  });
  req.once("end", answer);
  req.once("error", () => undefined);
  req.resume();
}

/** True when the request may go on to the runtime; otherwise it has been answered. */
export async function withinBodyLimit(req: http.IncomingMessage, res: http.ServerResponse, maxBytes: number): Promise<boolean> {
  if (req.method !== "POST") return true;
  const declared = req.headers["content-length"];
  if (declared !== undefined) {
    if (Number(declared) <= maxBytes) return true;
    refuse(req, res, maxBytes, 0);
    return false;
  }
  try {
    const body = await getRawBody(req, { limit: maxBytes });
    // an empty body is left to the runtime to refuse (it reads the exhausted stream as empty)
    if (body.length) (req as http.IncomingMessage & { body?: Buffer }).body = body;
    return true;
  } catch (error) {
    if ((error as { type?: string }).type !== "entity.too.large") throw error;
    refuse(req, res, maxBytes, maxBytes);
    return false;
  }
}
