// The program-side lookups under Pulumi's mocks, against the emulator: a name or title may be an
// Output (another resource's, a stack reference's), each read is made once per run, and the result
// is what the service holds.
import * as pulumi from "@pulumi/pulumi";
import { FIXTURE_IDS, RunningEmulator } from "../emulator";
import { getDataset, getFlowSpec, getSchema } from "../sdk/nodejs/lookups";
import { emulator, serviceCalls, stackConfig } from "./helpers/emulator";

let emu: RunningEmulator;

beforeAll(async () => {
  emu = await emulator();
  pulumi.runtime.setMocks(
    { newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: (a) => a.inputs },
    "lookups",
    "dev",
    false,
  );
  pulumi.runtime.setAllConfig(stackConfig(emu), ["aep:clientSecret"]);
});

afterAll(async () => {
  await emu?.stop();
});

const value = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));

it("takes a name given as an Output, reads it once per run, and gives what the service holds", async () => {
  emu.clearJournal();
  const name = pulumi.output(Promise.resolve("Orders dataset"));
  const [dataset, again, schema, spec] = await Promise.all([
    value(getDataset({ name })),
    value(getDataset({ name: "Orders dataset" })),
    value(getSchema({ title: pulumi.output("Orders") })),
    value(getFlowSpec({ name: pulumi.output("CloudStorageToAEP") })),
  ]);
  expect(dataset).toEqual({
    id: FIXTURE_IDS.datasets.orders,
    name: "Orders dataset",
    schemaRef: { id: FIXTURE_IDS.schemas.orders, contentType: "application/vnd.adobe.xed+json;version=1" },
  });
  expect(again).toEqual(dataset);
  expect(schema).toMatchObject({ id: FIXTURE_IDS.schemas.orders, title: "Orders" });
  expect(spec).toMatchObject({ id: "9753525b-82c7-4dce-8a9b-5ccfce2b9876", name: "CloudStorageToAEP", isDraftModeSupported: true });
  // One read each: the second dataset lookup is the first one's.
  expect(serviceCalls(emu, "catalog").map((c) => `${c.method} ${c.path}`)).toEqual(["GET /dataSets"]);
  expect(serviceCalls(emu, "schemaregistry").map((c) => `${c.method} ${c.path}`)).toEqual(["GET /tenant/schemas"]);
});
