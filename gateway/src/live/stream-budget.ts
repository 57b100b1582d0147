// One count of open live subscriptions per caller (token subject), shared by both transports the
// gateway serves them on — graphql-ws and SSE (POST with Accept: text/event-stream) — so
// MAX_SUBSCRIPTIONS_PER_CALLER bounds what one token holds whichever way it subscribes
// (docs/security.md). The count is per gateway instance, like the sockets'.
import { GraphQLError } from "graphql";
import type { GatewayPlugin } from "@graphql-hive/gateway-runtime";
import { GatewayErrorCode } from "../errors.ts";
import type { CallerContext } from "../identity.ts";

export class StreamBudget {
  private readonly open = new Map<string, number>();

  constructor(readonly maxPerCaller: number) {}

  /** Takes a place for `subject`; false when it holds as many as it may. */
  take(subject: string): boolean {
    const held = this.open.get(subject) ?? 0;
    if (held >= this.maxPerCaller) return false;
    this.open.set(subject, held + 1);
    return true;
  }

  release(subject: string): void {
    const held = (this.open.get(subject) ?? 0) - 1;
    if (held > 0) this.open.set(subject, held);
    else this.open.delete(subject);
  }

  refusal(): GraphQLError {
    return new GraphQLError(`Too many live subscriptions: at most ${this.maxPerCaller} open at once per caller. Complete some before opening more.`, {
      extensions: { code: GatewayErrorCode.TOO_MANY_STREAMS },
    });
  }
}

const isEventStream = (request: Request | undefined) => Boolean(request?.headers.get("accept")?.includes("text/event-stream"));

const isStream = (result: unknown): boolean => typeof (result as AsyncIterable<unknown> | null)?.[Symbol.asyncIterator] === "function";

/** Holds SSE subscriptions to the caller's budget: the one past it is answered TOO_MANY_STREAMS,
 * and a place is given back when its stream ends (completed, failed or the client gone). The
 * WebSocket server takes its places itself, before the runtime sees the operation. */
export function useSseStreamBudget(budget: StreamBudget): GatewayPlugin {
  return {
    onSubscribe({ context, setResultAndStopExecution }) {
      const { request, identity } = context as { request?: Request } & Partial<CallerContext>;
      if (!identity || !isEventStream(request)) return;
      if (!budget.take(identity.subject)) {
        setResultAndStopExecution({ errors: [budget.refusal()] });
        return;
      }
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        budget.release(identity.subject);
      };
      return {
        onSubscribeError: release,
        onSubscribeResult({ result }) {
          if (!isStream(result)) {
            release();
            return;
          }
          return { onEnd: release };
        },
      };
    },
  };
}
