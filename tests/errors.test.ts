import { FlowServiceError, parseErrorBody } from "../sdk/errors";

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
