// What a subgraph's stream result is to the gateway's shared streams (docs/live-and-screens.md,
// "Shared at the gateway"): an event every screen is shown, a refusal that ends the stream, or a
// loss after which the gateway subscribes again without showing anything.
import { liveResultKind } from "@chapters/gateway";
import { describe, expect, it } from "vitest";

describe("EM-LIVE: a stream result's kind at the gateway", () => {
  it("EM-LIVE: a state is an event; a refusal with one of our codes is final", () => {
    expect(liveResultKind({ data: { bloodDriveProgress: { donations: 1 } } })).toBe("event");
    expect(liveResultKind({ errors: [{ message: "no", extensions: { code: "NOT_FOUND" } }] })).toBe("refused");
  });

  it("EM-LIVE: a root field nulled because the subgraph could not be reached is a loss, not an event shown to every screen (seen in live-resilience.test.ts while blood restarted)", () => {
    const unreachable = { data: { bloodDriveProgress: null }, errors: [{ message: "connect ECONNREFUSED", extensions: { code: "DOWNSTREAM_SERVICE_ERROR" } }] };
    expect(liveResultKind(unreachable)).toBe("lost");
    // a state with a nested error is still the state
    expect(liveResultKind({ data: { bloodDriveProgress: { donations: 2, drive: null } }, errors: [{ message: "partial" }] })).toBe("event");
  });
});
