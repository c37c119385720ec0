import { FlowServiceError, parseErrorBody } from "../provider/adobe/errors";
import { ConcurrentEditError, EntityGoneError, PartialFailureError, PatchRefusedError } from "../provider/errors";
import { explainRefusal } from "../provider/lifecycle/explain";
import { futureStart } from "./helpers/dates";

describe("parseErrorBody", () => {
  it("reads the gateway shape", () => {
    expect(parseErrorBody({ error_code: "401013", message: "Oauth token is not valid" })).toEqual({
      code: "401013",
      detail: "Oauth token is not valid",
      requestId: undefined,
    });
  });

  it("reads the Flow Service shape with its FLOW code and request id", () => {
    expect(
      parseErrorBody({
        type: "https://ns.adobe.com/aep/errors/FLOW-1439-404",
        title: "Resource not found",
        status: 404,
        report: { "detailed-message": "The requested flows resource x is not found.", "request-id": "r-1" },
        errorMessage: "The requested flows resource x is not found.",
      }),
    ).toEqual({ code: "FLOW-1439-404", detail: "The requested flows resource x is not found.", requestId: "r-1" });
  });

  it("reads the destinations shape, the generic BadRequest and IMS errors", () => {
    expect(parseErrorBody({ errorMessage: "Supplied version=[a] does not match", errorDetails: "…" }).detail).toBe(
      "Supplied version=[a] does not match",
    );
    expect(
      parseErrorBody({
        type: "/placeholder/type/uri",
        status: 400,
        title: "BadRequestError",
        detail: "A valid content-type must be specified",
      }).detail,
    ).toBe("A valid content-type must be specified");
    expect(parseErrorBody({ error: "invalid_client", error_description: "invalid client_secret parameter" })).toMatchObject({
      code: "invalid_client",
      detail: "invalid client_secret parameter",
    });
  });

  it("copes with empty and non-JSON bodies", () => {
    expect(parseErrorBody(undefined)).toEqual({});
    expect(parseErrorBody("<html>Bad Gateway</html>")).toEqual({ detail: "<html>Bad Gateway</html>" });
  });
});

describe("FlowServiceError", () => {
  it("builds a readable message and knows when no response came", () => {
    const e = new FlowServiceError({
      status: 412,
      code: "FLOW-1404-412",
      method: "PATCH",
      path: "/flows/x",
      detail: "Version not matching",
      requestId: "r",
    });
    expect(e.message).toBe("PATCH /flows/x failed with HTTP 412 FLOW-1404-412: Version not matching (request id r)");
    expect(e.isNetworkError).toBe(false);
    const n = new FlowServiceError({
      method: "POST",
      path: "/flows",
      detail: "the request timed out",
      cause: { code: "ECONNABORTED", message: "timeout" },
    });
    expect(n.message).toBe("POST /flows failed without a response: the request timed out");
    expect(n.isNetworkError).toBe(true);
    expect(Object.keys(n)).not.toContain("cause");
  });
});

describe("explainRefusal", () => {
  const refusal = (detail: string, method = "POST") =>
    new FlowServiceError({ status: 400, code: "FLOW-1100-400", method, path: "/sourceConnections", detail, requestId: "r1" });
  const inputs = {
    name: "Orders files",
    baseConnectionId: "11111111-2222-4333-8444-555555555555",
    connectionSpec: { id: "ecadc60c-7455-4d87-84dc-2a0e293d997b", version: "1.0" },
    auth: { params: { secret: "11111111-2222-4333-8444-555555555555" } },
    sandboxName: "stage",
  };

  it.each([
    [
      "FLOW-1360-400",
      "POST",
      "create",
      "The start time cannot be set in the past. Please provide a valid start time and try again.",
      "the service refuses a new flow whose start time has passed by its clock. Set a startTime in the future. Nothing was created",
    ],
    [
      "FLOW-1366-400",
      "PATCH",
      "update",
      "The start time has passed and the update operation is no longer allowed.",
      "Keep it (other schedule keys can change), or make a new flow with a future startTime: `pulumi up --replace <this resource's URN>`, " +
        "or give the resource a new name. Nothing was changed",
    ],
  ] as const)("a start-time refusal (%s) says what it is about and the ways out", (code, method, verb, detail, advice) => {
    const err = explainRefusal(
      new FlowServiceError({ status: 400, code, method, path: "/flows", detail, requestId: "r1" }),
      'Dataflow "Orders" (sandbox dev)',
      verb,
      { name: "Orders", scheduleParams: { startTime: futureStart() }, sandboxName: "dev" },
    ) as Error;
    expect(err.message).toContain(`(HTTP 400 ${code}): ${detail.replace(/\.$/, "")}. It is about \`scheduleParams.startTime\`: `);
    expect(err.message).toContain(advice);
  });

  it("names the properties whose values the refusal quotes, says nothing was written, and what to do", () => {
    const err = explainRefusal(
      refusal("base connection 11111111-2222-4333-8444-555555555555 does not exist in sandbox stage"),
      'SourceConnection "Orders files" (sandbox stage)',
      "create",
      inputs,
    ) as Error;
    expect(err.message).toBe(
      'SourceConnection "Orders files" (sandbox stage): the service refused the create (HTTP 400 FLOW-1100-400): base connection ' +
        "11111111-2222-4333-8444-555555555555 does not exist in sandbox stage. It is about `baseConnectionId`: check that it names an " +
        "entity of the right kind that exists in sandbox stage. Nothing was created by this call; fix the program and run `pulumi up` again.",
    );
  });

  it("for an update, names only what the update changes: an unchanged property the detail quotes was accepted before", () => {
    const detail = "base connection 11111111-2222-4333-8444-555555555555 does not exist in sandbox stage";
    const unchanged = explainRefusal(refusal(detail, "PATCH"), "SourceConnection", "update", inputs, [], ["params"]) as Error;
    expect(unchanged.message).not.toContain("It is about");
    expect(unchanged.message).toContain("Nothing was changed by this call");
    const changed = explainRefusal(refusal(detail, "PATCH"), "SourceConnection", "update", inputs, [], ["baseConnectionId"]) as Error;
    expect(changed.message).toContain("It is about `baseConnectionId`: check that it names an entity");
  });

  it("leaves other errors alone: a 5xx, a refused publish (an action, not the create), anything not from the service", () => {
    const server = new FlowServiceError({ status: 503, method: "POST", path: "/flows", detail: "busy" });
    expect(explainRefusal(server, "x", "create", inputs)).toBe(server);
    const action = refusal("refused", "PATCH");
    expect(explainRefusal(action, "x", "create", inputs)).toBe(action);
    const other = new Error("boom");
    expect(explainRefusal(other, "x", "update", inputs)).toBe(other);
  });
});

describe("the provider's own errors", () => {
  it("only a partial failure carries `id`: Pulumi's dynamic-provider host takes any error with one for a partial failure and drops its message", () => {
    const refusals = [
      new ConcurrentEditError("4f1c…", ["description"], "changed outside Pulumi"),
      new EntityGoneError("not found"),
      new PatchRefusedError(["name"], "HTTP 400 FLOW-1365-400: no", "refused"),
    ];
    for (const err of refusals) expect({ name: err.name, id: (err as { id?: unknown }).id }).toEqual({ name: err.name, id: undefined });
    expect(new PartialFailureError("4f1c…", {}, "half done").id).toBe("4f1c…");
  });
});
