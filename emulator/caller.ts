// Who makes a request, as the stores judge it: the sandbox it names, the org and OAuth client of its
// token, and the access labels of the client's role. The request path (requests.ts) makes one per
// request; the control plane and the fixtures act as the AEP UI does (uiCaller).

export interface Caller {
  sandboxName: string;
  orgId: string;
  clientId: string;
  /** Access labels the caller's role has; "all" for a role without label restrictions. */
  roleLabels: ReadonlySet<string> | "all";
}

/**
 * The caller used for changes made "in the AEP UI" through the control plane, and for fixtures: `exc_app` "represents
 * dataflows created in the Experience Platform UI" (the spec's FlowItemDTO.createdClient,
 * https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/flow-service.yaml).
 */
export function uiCaller(sandboxName: string, orgId: string): Caller {
  return { sandboxName, orgId, clientId: "exc_app", roleLabels: "all" };
}
