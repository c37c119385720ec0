// The aep provider plugin's side of the boundary, in process: secrets carried across, the
// configuration as Configure sends it, type tokens, an import of a missing id, invokes.
import { RunningEmulator } from "../emulator";
import { SIG_KEY, SECRET_SIG, typeOfUrn, unwrapSecrets, wrapSecrets } from "../provider/plugin/engine-values";
import { aepProvider, configFromRequest } from "../provider/plugin/main";
import { run } from "../provider/runtime";
import { SEEDED, emulator } from "./helpers/emulator";

const secret = (value: unknown) => ({ [SIG_KEY]: SECRET_SIG, value });

describe("values across the engine boundary", () => {
  it("unwraps nested secrets, remembers their top-level property, and wraps them back", () => {
    const { plain, secretKeys } = unwrapSecrets({ name: "n", auth: { specName: "Access Key", params: { key: secret("K") } } });
    expect(plain).toEqual({ name: "n", auth: { specName: "Access Key", params: { key: "K" } } });
    expect([...secretKeys]).toEqual(["auth"]);
    expect(wrapSecrets(plain, secretKeys)).toEqual({ name: "n", auth: secret({ specName: "Access Key", params: { key: "K" } }) });
    expect(wrapSecrets({ name: "n" }, ["auth"])).toEqual({ name: "n" });
  });

  it("takes the type token from a URN, also under a parent", () => {
    expect(typeOfUrn("urn:pulumi:dev::proj::aep:index:Dataflow::orders")).toBe("aep:index:Dataflow");
    expect(typeOfUrn("urn:pulumi:dev::proj::my:Component$aep:index:MappingSet::m")).toBe("aep:index:MappingSet");
  });

  it("reads the configuration from the provider's inputs first, then the stack's variables", () => {
    const config = configFromRequest(
      { endpoint: "https://a.example", clientSecret: secret("S"), timeoutSeconds: 12 },
      new Map([
        ["aep:config:endpoint", "https://ignored.example"],
        ["aep:config:orgId", "ORG@AdobeOrg"],
      ]),
    );
    expect(["aep:endpoint", "aep:clientSecret", "aep:timeoutSeconds", "aep:orgId", "aep:clientId"].map((k) => config.get(k))).toEqual([
      "https://a.example",
      "S",
      "12",
      "ORG@AdobeOrg",
      undefined,
    ]);
  });
});

describe("the provider against the emulator", () => {
  let emu: RunningEmulator;
  const provider = aepProvider("0.0.0-test");

  beforeAll(async () => {
    emu = await emulator();
    run.configure(
      configFromRequest(
        {
          endpoint: emu.url,
          imsEndpoint: emu.url,
          clientId: SEEDED.clientId,
          clientSecret: secret(SEEDED.clientSecret),
          orgId: SEEDED.orgId,
        },
        new Map([["aep:config:sandboxName", "dev"]]),
      ),
    );
  });
  afterAll(async () => emu?.stop());

  it("an import of an id that does not exist answers an empty id (the engine then says it does not exist)", async () => {
    const missing = "00000000-0000-4000-8000-000000000000";
    expect(await provider.read!(missing, "urn:pulumi:dev::p::aep:index:Dataflow::x", {})).toEqual({ id: "", props: {} });
    expect(
      emu
        .journal()
        .filter((e) => e.service === "flowservice")
        .map((e) => `${e.method} ${e.path} ${e.status}`),
    ).toEqual([`GET /flows/${missing} 404`]);
  });

  it("serves the lookups as invokes, a list under `runs`, and names an unknown function", async () => {
    const spec = await provider.invoke!("aep:index:getFlowSpec", { name: "CloudStorageToAEP" });
    expect(spec.outputs).toMatchObject({ id: "9753525b-82c7-4dce-8a9b-5ccfce2b9876", version: "1.0" });
    const runs = await provider.invoke!("aep:index:getFlowRuns", { flowId: "00000000-0000-4000-8000-000000000001" });
    expect(runs.outputs).toEqual({ runs: [] });
    await expect(provider.invoke!("aep:index:getNothing", {})).rejects.toThrow(
      /no function "aep:index:getNothing" \(it has aep:index:getFlowSpec/,
    );
  });

  it("names an unknown resource type", async () => {
    await expect(provider.check!("urn:pulumi:dev::p::aep:index:Nope::x", {}, {})).rejects.toThrow(
      /the aep provider has no resource type "aep:index:Nope" \(it has aep:index:Dataflow/,
    );
  });
});
