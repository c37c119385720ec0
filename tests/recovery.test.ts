import { isUnknownOutcome, matchesDeclared, settleTimeFor } from "../provider/recovery";
import { FlowServiceError } from "../sdk/errors";
import type { Flow } from "../sdk/types";
import type { DataflowInputs } from "../provider/types";
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
    expect(matchesDeclared(flow(), inputs)).toBe(true);
    expect(matchesDeclared(flow({ name: "Other" }), inputs)).toBe(false);
    expect(matchesDeclared(flow({ sourceConnectionIds: [SOURCE_ID_2] }), inputs)).toBe(false);
    expect(matchesDeclared(flow({ flowSpec: { id: FLOW_SPEC.id, version: "2.0" } }), inputs)).toBe(false);
    expect(matchesDeclared(flow({ state: "enabled" }), inputs)).toBe(false);
    expect(matchesDeclared(flow({ state: "disabled" }), { ...inputs, draft: false })).toBe(true);
  });
});

describe("isUnknownOutcome", () => {
  const err = (status?: number) => new FlowServiceError({ status, method: "POST", path: "/flows", detail: "x" });
  it("is true for no answer and 5xx, false for answers that say the request was refused", () => {
    expect([undefined, 500, 502, 503, 504].map((s) => isUnknownOutcome(err(s)))).toEqual([true, true, true, true, true]);
    expect([400, 401, 404, 409, 412, 429].map((s) => isUnknownOutcome(err(s)))).toEqual([false, false, false, false, false, false]);
    expect(isUnknownOutcome(new Error("plain"))).toBe(false);
  });
});

describe("settleTimeFor", () => {
  it("follows the timeout between 1 and 10 seconds", () => {
    expect([100, 1000, 4000, 30000].map(settleTimeFor)).toEqual([1000, 1000, 4000, 10000]);
  });
});
