import fc from "fast-check";
import { DATAFLOW } from "../provider/kinds/dataflow";
import { isUnknownOutcome, judgeCreateRecovery, settleTimeFor } from "../provider/lifecycle/lost-answers";
import { matchesDeclared, sameDeclaration } from "../provider/lifecycle/flow-service/lost-answers";
import { ServiceClock } from "../provider/adobe/clock";
import { FlowServiceError, TokenRequestError } from "../provider/adobe/errors";
import type { Flow } from "../provider/adobe/types";
import type { DataflowInputs } from "../provider/kinds/dataflow/types";
import { FLOW_SPEC, SOURCE_ID, SOURCE_ID_2, TARGET_ID } from "./helpers/emulator";

const inputs: DataflowInputs = {
  name: "Orders",
  flowSpec: FLOW_SPEC,
  sourceConnectionIds: [SOURCE_ID],
  targetConnectionIds: [TARGET_ID],
  draft: true,
  enabled: true,
  sandboxName: "prod",
};
const flow = (over: Partial<Flow> = {}): Flow => ({
  id: "f",
  etag: '"e"',
  name: "Orders",
  flowSpec: { ...FLOW_SPEC },
  sourceConnectionIds: [SOURCE_ID],
  targetConnectionIds: [TARGET_ID],
  state: "draft",
  ...over,
});

describe("matchesDeclared", () => {
  it("recognises the flow a create would have made, and nothing else", () => {
    expect(matchesDeclared(DATAFLOW, flow(), inputs)).toBe(true);
    expect(matchesDeclared(DATAFLOW, flow({ name: "Other" }), inputs)).toBe(false);
    expect(matchesDeclared(DATAFLOW, flow({ sourceConnectionIds: [SOURCE_ID_2] }), inputs)).toBe(false);
    expect(matchesDeclared(DATAFLOW, flow({ flowSpec: { id: FLOW_SPEC.id, version: "2.0" } }), inputs)).toBe(false);
    expect(matchesDeclared(DATAFLOW, flow({ state: "enabled" }), inputs)).toBe(false);
    expect(matchesDeclared(DATAFLOW, flow({ state: "disabled" }), { ...inputs, draft: false })).toBe(true);
  });
});

describe("isUnknownOutcome", () => {
  const err = (status?: number) => new FlowServiceError({ status, method: "POST", path: "/flows", detail: "x" });
  it("is true for no answer and 5xx, false for answers that say the request was refused", () => {
    expect([undefined, 500, 502, 503, 504].map((s) => isUnknownOutcome(err(s)))).toEqual([true, true, true, true, true]);
    expect([400, 401, 404, 409, 412, 429].map((s) => isUnknownOutcome(err(s)))).toEqual([false, false, false, false, false, false]);
    expect(isUnknownOutcome(new Error("plain"))).toBe(false);
  });

  it("is false for a token IMS did not issue: the request that needed it was never sent", () => {
    expect(isUnknownOutcome(new TokenRequestError({ status: 503, method: "POST", path: "/ims/token/v3", detail: "x" }))).toBe(false);
    expect(isUnknownOutcome(new TokenRequestError({ method: "POST", path: "/ims/token/v3", detail: "x" }))).toBe(false);
  });
});

describe("judgeCreateRecovery", () => {
  const sent = 1_000_000;
  const open = { from: sent };
  const never = () => false;
  it("adopts the one unclaimed flow created at or after the send time (service clock)", () => {
    const older = flow({ id: "old", createdAt: sent - 1 });
    const mine = flow({ id: "mine", createdAt: sent + 30 });
    expect(judgeCreateRecovery([older, mine], open, never)).toEqual({ kind: "adopt", flow: mine });
  });
  it("with an error answer, ignores a flow made after that answer (another stack's, not this request's)", () => {
    const later = flow({ id: "other-stack", createdAt: sent + 5_000 });
    expect(judgeCreateRecovery([later], { from: sent, to: sent + 1_000 }, never)).toEqual({ kind: "resend" });
    expect(judgeCreateRecovery([later], open, never)).toEqual({ kind: "adopt", flow: later });
  });
  it("sends again when nothing fresh and unclaimed matches", () => {
    expect(judgeCreateRecovery([flow({ createdAt: sent - 5000 })], open, never)).toEqual({ kind: "resend" });
    expect(judgeCreateRecovery([flow({ createdAt: sent + 5 })], open, () => true)).toEqual({ kind: "resend" });
    expect(judgeCreateRecovery([], {}, never)).toEqual({ kind: "resend" });
  });
  it("among several fresh flows, takes the one that holds exactly the declared values", () => {
    const other = flow({ id: "twin", createdAt: sent + 1, description: "the twin" });
    const mine = flow({ id: "mine", createdAt: sent + 2 });
    expect(judgeCreateRecovery([other, mine], open, never, (e) => sameDeclaration(DATAFLOW, e, inputs))).toEqual({
      kind: "adopt",
      flow: mine,
    });
  });
  it("cannot tell with several identical fresh flows, with no clock, or without createdAt", () => {
    expect(
      judgeCreateRecovery([flow({ id: "a", createdAt: sent }), flow({ id: "b", createdAt: sent + 1 })], open, never, (e) =>
        sameDeclaration(DATAFLOW, e, inputs),
      ),
    ).toMatchObject({ kind: "ambiguous" });
    expect(judgeCreateRecovery([flow({ createdAt: sent + 1 })], {}, never)).toMatchObject({
      kind: "ambiguous",
      why: expect.stringMatching(/clock is unknown/),
    });
    expect(judgeCreateRecovery([flow({ createdAt: undefined })], open, never)).toMatchObject({
      kind: "ambiguous",
      why: "they carry no createdAt",
    });
  });
});

describe("ServiceClock", () => {
  /** A service whose clock is `offset` ms ahead, answering after `latency` ms each way. */
  function probe(clock: ServiceClock, localNow: number, offset: number, latency: number): number {
    const generated = localNow + latency + offset;
    clock.observe(new Date(Math.floor(generated / 1000) * 1000).toUTCString(), localNow, localNow + 2 * latency);
    return localNow + 2 * latency;
  }

  it("never excludes a time the service may really have: the bounds always hold the true offset", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -900_000, max: 900_000 }),
        fc.integer({ min: 1, max: 80 }),
        fc.integer({ min: 0, max: 5_000 }),
        (offset, latency, start) => {
          const clock = new ServiceClock();
          let now = 1_700_000_000_000 + start;
          now = probe(clock, now, offset, latency);
          for (let i = 0; i < 4; i++) {
            now += clock.nextProbeDelay(now, latency)!;
            now = probe(clock, now, offset, latency);
          }
          // The send instant's service time is never earlier than what the clock calls earliest.
          expect(clock.earliestServiceTime(now)!).toBeLessThanOrEqual(now + offset);
          // Four timed probes bring a whole second of doubt down to about the round trip.
          expect(clock.uncertaintyMs).toBeLessThanOrEqual(1000 / 16 + 4 * latency + 25);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("is unknown until a Date header arrives, and ignores unreadable ones", () => {
    const clock = new ServiceClock();
    clock.observe(undefined, 0, 1);
    clock.observe("not a date", 0, 1);
    expect(clock.known).toBe(false);
    expect(clock.earliestServiceTime(5)).toBeUndefined();
  });
});

describe("settleTimeFor", () => {
  it("follows the timeout between 1 and 10 seconds", () => {
    expect([100, 1000, 4000, 30000].map(settleTimeFor)).toEqual([1000, 1000, 4000, 10000]);
  });
});
