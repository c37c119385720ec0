// The same N Dataflows as ../flows, declared through the aep provider plugin instead of the dynamic
// resource: a plain CustomResource of type aep:index:Dataflow (what a generated SDK declares), so
// the language host is the same and only the provider differs.
import * as pulumi from "@pulumi/pulumi";
import { flowArgs } from "../shared";

class PluginDataflow extends pulumi.CustomResource {
  constructor(name: string, props: pulumi.Inputs) {
    super("aep:index:Dataflow", name, props);
  }
}

const count = new pulumi.Config().requireNumber("count");
const outputs = ["etag", "state", "createdAt", "updatedAt", "draft", "enabled", "sandboxName", "adoption"];
for (let i = 0; i < count; i++) {
  new PluginDataflow(`flow-${i}`, { ...Object.fromEntries(outputs.map((o) => [o, undefined])), ...flowArgs(i), draft: true });
}
