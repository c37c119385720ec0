// Runs in a child process, as a Pulumi program would: declares one Dataflow under Pulumi's mocks
// and prints the inputs the engine would receive, `__provider` (the serialized provider) included.
// Usage: node serialize-dataflow.js '<DataflowArgs as JSON>'
const pulumi = require("@pulumi/pulumi");

pulumi.runtime.setMocks(
  {
    newResource(args) {
      if (args.type === "pulumi-nodejs:dynamic/aep:Dataflow") {
        process.stdout.write(JSON.stringify({ type: args.type, name: args.name, inputs: args.inputs }));
      }
      return { id: "mock-id", state: args.inputs };
    },
    call: () => ({}),
  },
  "aep-engine-test",
  "test",
  false,
);

// Loaded by its package name, as users import it.
const { Dataflow } = require("pulumi-aep-dataflows");
new Dataflow("orders", JSON.parse(process.argv[2]));
