// Runs in a child process, as a Pulumi program would: declares resources of this package under
// Pulumi's mocks and prints, for each, what the engine would receive: its type token, its inputs
// (`__provider`, the serialized provider, included; a secret input as Pulumi's secret wrapper) and
// the outputs it asks the engine to keep secret.
// Usage: node serialize-resource.js '[{"kind":"BaseConnection","name":"acme","args":{…}}, …]'
const pulumi = require("@pulumi/pulumi");
const { MockMonitor } = require("@pulumi/pulumi/runtime/mocks");

/** Registered resources, by name: the mocks see the inputs but not the options, so the monitor is watched too. */
const registered = {};

const register = MockMonitor.prototype.registerResource;
MockMonitor.prototype.registerResource = function (req, callback) {
  registered[req.getName()] = { ...registered[req.getName()], additionalSecretOutputs: req.getAdditionalsecretoutputsList() };
  return register.call(this, req, callback);
};

pulumi.runtime.setMocks(
  {
    newResource(args) {
      if (args.type.startsWith("pulumi-nodejs:dynamic/aep:")) {
        registered[args.name] = { ...registered[args.name], type: args.type, name: args.name, inputs: args.inputs };
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
const pkg = require("pulumi-aep-dataflows");
const declared = JSON.parse(process.argv[2]);
for (const { kind, name, args } of declared) new pkg[kind](name, args);

process.on("beforeExit", () => {
  process.stdout.write(JSON.stringify(declared.map(({ name }) => registered[name])));
  process.exit(0);
});
