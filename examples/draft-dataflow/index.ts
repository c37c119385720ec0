// Adobe's "Draft dataflows using the Flow Service API" page, as a program:
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/draft
//   pulumi up                                  POST /flows?mode=draft      (the page's "Draft a dataflow")
//   pulumi config set mappingId <id>; up      PATCH /flows/{id}, If-Match  (its "Update a dataflow": add /transformations)
//   pulumi config set draft false; up          POST /flows/{id}/action?op=publish
//   pulumi destroy                             DELETE /flows/{id}
import * as pulumi from "@pulumi/pulumi";
import { Dataflow } from "pulumi-aep-dataflows";

const config = new pulumi.Config();
const mappingId = config.get("mappingId");

const flow = new Dataflow("acme-http", {
  name: "HTTP source dataflow for ACME data",
  // The HTTP API's flow spec, "Steam data with transformation" as Adobe names it.
  flowSpec: { id: "c1a19761-d2c7-4702-b9fa-fe91f0613e81", version: "1.0" },
  sourceConnectionIds: [config.require("sourceConnectionId")],
  targetConnectionIds: [config.require("targetConnectionId")],
  transformations: mappingId ? [{ name: "Mapping", params: { mappingId, mappingVersion: 0 } }] : undefined,
  // Unset, `draft` defaults to true: the flow is a draft until `pulumi config set draft false`.
  draft: config.getBoolean("draft"),
});

export const flowId = flow.id;
export const state = flow.state;
