// The engine's own cost: N dynamic resources whose provider returns at once, with the same inputs
// as the Dataflows of ../flows. Our/baseline time is the overhead the Dataflow provider adds.
import * as pulumi from "@pulumi/pulumi";
import { flowArgs } from "../shared";

const noop: pulumi.dynamic.ResourceProvider = {
  async check(_olds, news) {
    return { inputs: news };
  },
  async diff() {
    return { changes: false };
  },
  async create(inputs) {
    return { id: String(inputs.name), outs: inputs };
  },
  async read(id, props) {
    return { id, props };
  },
  async update(_id, _olds, news) {
    return { outs: news };
  },
  async delete() {},
};

class Noop extends pulumi.dynamic.Resource {
  constructor(name: string, props: Record<string, unknown>) {
    super(noop, name, props, undefined, "bench", "Noop");
  }
}

const count = new pulumi.Config().requireNumber("count");
for (let i = 0; i < count; i++) new Noop(`flow-${i}`, { ...flowArgs(i), draft: true });
