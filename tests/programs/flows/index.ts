// Dataflows declared from stack config (`flows`: a list of {resource, args, aliases?}), so that a
// test can add, rename, edit and remove resources with `pulumi config set` alone.
import * as pulumi from "@pulumi/pulumi";
import { Dataflow, DataflowArgs } from "pulumi-aep-dataflows";

interface Declared {
  resource: string;
  args: DataflowArgs;
  /** Earlier resource names (Pulumi aliases), for renames. */
  aliases?: string[];
}

const flows = new pulumi.Config().requireObject<Declared[]>("flows");
export const ids: Record<string, pulumi.Output<string>> = {};
for (const f of flows) {
  const flow = new Dataflow(f.resource, f.args, f.aliases ? { aliases: f.aliases.map((name) => ({ name })) } : undefined);
  ids[f.resource] = flow.id;
}
