// N Dataflows whose shape is driven by stack config, so the benchmark can make exactly one change
// at a time: count, renameIndex (edit one name), publishIndex (publish one flow), extraDisabled.
import * as pulumi from "@pulumi/pulumi";
import { Dataflow } from "pulumi-aep-dataflows";
import { flowArgs } from "../shared";

const config = new pulumi.Config();
const count = config.requireNumber("count");
const renameIndex = config.getNumber("renameIndex") ?? -1;
const publishIndex = config.getNumber("publishIndex") ?? -1;

for (let i = 0; i < count; i++) {
  new Dataflow(`flow-${i}`, { ...flowArgs(i), ...(i === renameIndex ? { name: `flow ${i} (edited)` } : {}), draft: i !== publishIndex });
}
if (config.getBoolean("extraDisabled")) {
  new Dataflow("extra", { ...flowArgs(count), draft: false, enabled: false });
}
