// The pipeline kinds' pure parts: check, what a change means (PATCH, replace, nothing), outputs
// from what the service returns (its nulls and read shapes), and the state machine they share.
import { CONNECTION_SPECS } from "../emulator/specs";
import type { ConnectionSpec } from "../provider/adobe/types";
import { authFailures, paramsFailures } from "../provider/kinds/connection";
import { inputsOf } from "../provider/kinds/kind";
import { BASE_CONNECTION, BaseConnectionInputs, BaseConnectionOutputs } from "../provider/kinds/base-connection";
import { checkMappingSet, holdsDeclared, outputsFromMappingSet, sameRules } from "../provider/kinds/mapping-set";
import { SOURCE_CONNECTION, SourceConnectionInputs } from "../provider/kinds/source-connection";
import { DATA_LAKE_CONNECTION_SPEC, TARGET_CONNECTION, TargetConnectionInputs } from "../provider/kinds/target-connection";
import { diffEntity, planUpdate } from "../provider/lifecycle/flow-service/plan";
import { planActions } from "../provider/lifecycle/flow-service/state-machine";
import { UNKNOWN } from "../provider/engine/unknown";
import type { BaseConnection, SourceConnection } from "../provider/adobe/types";

const S3 = { id: "ecadc60c-7455-4d87-84dc-2a0e293d997b", version: "1.0" };
const BASE_ID = "11111111-1111-4111-8111-111111111111";
const defaults = { sandboxName: "dev" };

const base = (over: Partial<BaseConnectionInputs> = {}): BaseConnectionInputs => ({
  name: "acme-s3",
  connectionSpec: { ...S3 },
  auth: { specName: "Access Key", params: { s3AccessKey: "AKIAEXAMPLE", s3SecretKey: "secret-1" } },
  draft: true,
  sandboxName: "dev",
  ...over,
});
const baseOuts = (over: Partial<BaseConnectionOutputs> = {}): BaseConnectionOutputs => ({
  ...base(),
  etag: '"e1"',
  state: "draft",
  ...over,
});

describe("BaseConnection", () => {
  it("check fills draft and sandboxName, and names each bad property without echoing a credential", () => {
    expect(BASE_CONNECTION.check(undefined, { ...base(), draft: undefined, sandboxName: undefined }, defaults)).toEqual({
      inputs: base(),
      failures: [],
    });
    const { failures } = BASE_CONNECTION.check(
      undefined,
      { name: "", connectionSpec: { id: "nope", version: "1.0" }, auth: { params: { s3SecretKey: "hunter2" } }, colour: 1 },
      defaults,
    );
    expect(failures).toEqual([
      { property: "name", reason: "must be a non-empty string", rule: "name.present" },
      { property: "auth.specName", reason: "is required", rule: "shape" },
      { property: "colour", reason: "is not a BaseConnection property (check its spelling)", rule: "shape" },
      // A guess (rules.ts): a warning, not a refusal.
      {
        property: "connectionSpec.id",
        reason: 'is not in UUID form (8-4-4-4-12 hexadecimal digits), which every connection spec id has (given "nope")',
        rule: "id.form",
      },
    ]);
    expect(JSON.stringify(failures)).not.toContain("hunter2");
  });

  it("new credentials are one replace of /auth/params with the whole set; a rename is one replace of /name", () => {
    const news = base({ auth: { specName: "Access Key", params: { s3AccessKey: "AKIAEXAMPLE", s3SecretKey: "secret-2" } } });
    expect(planUpdate(BASE_CONNECTION as never, baseOuts(), news)).toEqual({
      patch: [{ op: "replace", path: "/auth/params", value: { s3AccessKey: "AKIAEXAMPLE", s3SecretKey: "secret-2" } }],
      actions: [],
    });
    expect(planUpdate(BASE_CONNECTION as never, baseOuts(), base({ name: "acme" })).patch).toEqual([
      { op: "replace", path: "/name", value: "acme" },
    ]);
    expect(diffEntity(BASE_CONNECTION as never, baseOuts(), news)).toEqual({ changes: true, replaces: [], changed: ["auth"] });
  });

  it("another auth spec or connection spec replaces it", () => {
    const other = base({ auth: { specName: "Session Token", params: {} } });
    expect(diffEntity(BASE_CONNECTION as never, baseOuts(), other).replaces).toEqual(["auth.specName"]);
    expect(
      diffEntity(
        BASE_CONNECTION as never,
        baseOuts(),
        base({ connectionSpec: { id: "b3ba5556-0000-4000-8000-ff2b69b46dc4", version: "1.0" } }),
      ).replaces,
    ).toEqual(["connectionSpec"]);
  });

  it("a read never shows the credentials: they stay as the stack sent them, so a refresh is no change", () => {
    const read: BaseConnection = {
      id: BASE_ID,
      name: "acme-s3",
      state: "enabled",
      etag: '"e2"',
      connectionSpec: S3,
      auth: { specName: "Access Key", params: { s3AccessKey: "AKIAEXAMPLE", s3SecretKey: "{SECRET}" } },
      createdAt: 1_800_000_000_000,
    };
    const outs = BASE_CONNECTION.outputsFromRemote(read, baseOuts({ draft: false, state: "enabled" }));
    expect(outs.auth).toEqual(base().auth);
    expect(outs).toMatchObject({ draft: false, state: "enabled", etag: '"e2"', createdAt: "2027-01-15T08:00:00.000Z" });
    expect(diffEntity(BASE_CONNECTION as never, outs, base({ draft: false }))).toEqual({ changes: false, replaces: [], changed: [] });
  });

  it("a streaming connection's inlet URL is an output, not an input", () => {
    const read = {
      id: BASE_ID,
      name: "in",
      state: "enabled",
      etag: '"e"',
      connectionSpec: S3,
      auth: { specName: "Streaming Connection", params: { inletUrl: "https://dcs.adobedc.net/collection/abc" } },
    };
    expect(BASE_CONNECTION.outputsFromRemote(read, baseOuts()).inletUrl).toBe("https://dcs.adobedc.net/collection/abc");
  });
});

describe("SourceConnection and TargetConnection", () => {
  const source = (over: Partial<SourceConnectionInputs> = {}): SourceConnectionInputs => ({
    name: "orders-files",
    baseConnectionId: BASE_ID,
    connectionSpec: { ...S3 },
    data: { format: "delimited", properties: { columnDelimiter: ";" } },
    params: { path: "/acme/orders/*.csv", recursive: true },
    draft: true,
    sandboxName: "dev",
    ...over,
  });

  it("only the name and description change in place; the data, params and base connection replace it", () => {
    const olds = { ...source(), etag: '"e"', state: "draft" };
    expect(planUpdate(SOURCE_CONNECTION as never, olds, source({ description: "hourly" })).patch).toEqual([
      { op: "add", path: "/description", value: "hourly" },
    ]);
    expect(
      diffEntity(SOURCE_CONNECTION as never, olds, source({ params: { path: "/acme/other/*.csv", recursive: true } })).replaces,
    ).toEqual(["params"]);
    expect(
      diffEntity(SOURCE_CONNECTION as never, olds, source({ baseConnectionId: "22222222-2222-4222-8222-222222222222" })).replaces,
    ).toEqual(["baseConnectionId"]);
  });

  it("the nulls and empty lists the service fills in are no change", () => {
    const read: SourceConnection = {
      id: "33333333-3333-4333-8333-333333333333",
      name: "orders-files",
      state: "draft",
      etag: '"e"',
      baseConnectionId: BASE_ID,
      connectionSpec: S3,
      data: { format: "delimited", schema: null, properties: { columnDelimiter: ";" } },
      params: { path: "/acme/orders/*.csv", recursive: "true", columns: [] },
    };
    const outs = SOURCE_CONNECTION.outputsFromRemote(read, source());
    expect(outs.data).toEqual(source().data);
    expect(outs.params).toEqual(source().params);
    expect(diffEntity(SOURCE_CONNECTION as never, outs, source())).toEqual({ changes: false, replaces: [], changed: [] });
  });

  it("a source connection needs its base connection published first; a data lake target needs nothing", () => {
    expect(SOURCE_CONNECTION.prerequisites!(source())).toEqual([
      { typeName: "BaseConnection", noun: "base connection", collection: "connections", id: BASE_ID, property: "baseConnectionId" },
    ]);
    const target: TargetConnectionInputs = {
      name: "orders-dataset",
      connectionSpec: DATA_LAKE_CONNECTION_SPEC,
      data: { schema: { id: "https://ns.adobe.com/acme/schemas/orders", version: "application/vnd.adobe.xed-full+json;version=1" } },
      params: { dataSetId: "5f3c3cedb2805c194ff0b69a" },
      draft: true,
      sandboxName: "dev",
    };
    expect(TARGET_CONNECTION.prerequisites!(target)).toEqual([]);
    expect(TARGET_CONNECTION.check(undefined, { ...target, params: UNKNOWN }, defaults).failures).toEqual([]);
  });

  it("connections have no enable or disable: publishing is their only action", () => {
    expect(planActions({ state: "draft" }, { draft: false }, false)).toEqual(["publish"]);
    expect(planActions({ state: "enabled" }, { draft: false, enabled: false }, false)).toEqual([]);
    expect(planActions({ state: "draft" }, { draft: false, enabled: false }, true)).toEqual(["publish", "disable"]);
  });

  it("a published connection cannot go back to draft, unless it is being replaced", () => {
    const olds = source({ draft: false });
    expect(SOURCE_CONNECTION.check(olds, { ...source(), draft: true }, defaults).failures.map((f) => f.property)).toEqual(["draft"]);
    expect(SOURCE_CONNECTION.check(olds, { ...source({ params: { path: "/new" } }), draft: true }, defaults).failures).toEqual([]);
  });
});

describe("MappingSet", () => {
  const rules = [
    { sourceType: "ATTRIBUTE", source: "id", destination: "_id" },
    { sourceType: "EXPRESSION", source: "lower(email)", destination: "personalEmail.address" },
  ];
  const schemaRef = { id: "https://ns.adobe.com/acme/schemas/orders", contentType: "application/vnd.adobe.xed-full+json;version=1" };

  it("rules read back in the service's shape (rule ids, text/x.schema-path, legacy duplicates) mean the same rules", () => {
    const read = [
      { id: "r1", sourceType: "text/x.schema-path", source: "id", destination: "_id", sourceAttribute: "id", destinationXdmPath: "_id" },
      // No read shape is documented for expressions; Adobe's destination mappings use this media type.
      { id: "r2", sourceType: "text/x.aep-xl", source: "lower(email)", destination: "personalEmail.address" },
    ];
    expect(sameRules(read, rules)).toBe(true);
    expect(sameRules([...read].reverse(), rules)).toBe(false);
    // The media type stands for EXPRESSION or STATIC, never for ATTRIBUTE; the source text still counts.
    expect(sameRules([read[0], { ...read[1], source: "upper(email)" }], rules)).toBe(false);
    expect(sameRules([{ ...read[0], sourceType: "text/x.aep-xl" }, read[1]], rules)).toBe(false);
    expect(sameRules([read[0], read[1]], [rules[0], { ...rules[1], sourceType: "STATIC" }])).toBe(true);
    const outs = outputsFromMappingSet(
      { id: "m", version: 3, outputSchema: { schemaRef }, mappings: read },
      { sandboxName: "dev", mappings: rules, outputSchema: { schemaRef } },
    );
    expect(outs).toEqual({ outputSchema: { schemaRef }, mappings: rules, sandboxName: "dev", version: 3 });
    expect(holdsDeclared(outs, { outputSchema: { schemaRef }, mappings: rules })).toBe(true);
  });

  it("check refuses an unknown source type, and warns of a destination written twice (a guess)", () => {
    const { failures } = checkMappingSet(
      undefined,
      { outputSchema: { schemaRef }, mappings: [...rules, { sourceType: "COLUMN", source: "x", destination: "orderId" }] },
      defaults,
    );
    expect(failures).toEqual([
      {
        property: "mappings[2].sourceType",
        reason: 'must be "ATTRIBUTE" (a source field), "EXPRESSION" (a Data Prep function) or "STATIC" (a constant) (given "COLUMN")',
        rule: "shape",
      },
    ]);
    // A read-back media type (as `pulumi import` writes it) is named for what it stands for.
    const readBack = (sourceType: string) =>
      checkMappingSet(undefined, { outputSchema: { schemaRef }, mappings: [{ sourceType, source: "x", destination: "orderId" }] }, defaults)
        .failures[0]?.reason;
    expect(readBack("text/x.aep-xl")).toBe(
      '"text/x.aep-xl" is how Data Prep reads back an expression or a constant: write "EXPRESSION" (a Data Prep function) or "STATIC" ' +
        '(a constant) (given "text/x.aep-xl")',
    );
    expect(readBack("text/x.schema-path")).toBe(
      '"text/x.schema-path" is how Data Prep reads back a source field: write "ATTRIBUTE" (given "text/x.schema-path")',
    );
    expect(
      checkMappingSet(
        undefined,
        { outputSchema: { schemaRef }, mappings: [...rules, { sourceType: "STATIC", source: "1", destination: "_id" }] },
        defaults,
      ).failures,
    ).toEqual([{ property: "mappings[2].destination", reason: "is also written by mappings[0]", rule: "mapping.destinations.unique" }]);
  });
});

describe("connections checked against their connection spec", () => {
  // The emulator's copy of Adobe's Amazon S3 connection spec (emulator/specs.ts).
  const s3 = CONNECTION_SPECS.find((s) => s.name === "amazon-s3")! as unknown as ConnectionSpec;

  it("a credential of the wrong type is refused, named, without its value (the service would refuse it after check)", () => {
    const failures = authFailures(s3, { specName: "Access Key", params: { s3AccessKey: "AKIA-X", s3SecretKey: 12345678901 } });
    expect(failures).toEqual([
      { property: "auth.params.s3SecretKey", reason: 'must be string (the "Access Key" auth spec of amazon-s3)', rule: "spec.auth" },
    ]);
    expect(JSON.stringify(failures)).not.toContain("12345678901");
  });

  it("a source param of a coercible but wrong type is refused too, and the right type passes", () => {
    expect(paramsFailures(s3, "sourceSpec", { path: "/bucket/in", recursive: "false" })).toEqual([
      { property: "params.recursive", reason: "must be boolean (connection spec amazon-s3's sourceSpec)", rule: "spec.params" },
    ]);
    expect(paramsFailures(s3, "sourceSpec", { path: "/bucket/in", recursive: false })).toEqual([]);
  });
});

describe("a connection read with nothing declared (an import)", () => {
  it("keeps what the service holds and leaves out what it fills for nobody, so the inputs pass check", () => {
    const remote = {
      id: "t1",
      name: "Orders dataset target",
      state: "enabled",
      etag: '"e1"',
      connectionSpec: DATA_LAKE_CONNECTION_SPEC,
      data: {
        format: null,
        schema: { id: "https://ns.adobe.com/acme/schemas/orders", version: "application/vnd.adobe.xed-full+json;version=1" },
        properties: null,
      },
      params: { dataSetId: "5f3c3cedb2805c194ff0b69a", columns: [] },
    };
    const outs = TARGET_CONNECTION.outputsFromRemote(remote as never, { sandboxName: "dev" });
    expect(outs.data).toEqual({ schema: remote.data.schema });
    expect(outs.params).toEqual({ dataSetId: "5f3c3cedb2805c194ff0b69a" });
    const { failures } = TARGET_CONNECTION.check(undefined, inputsOf(TARGET_CONNECTION as never, outs as never) as never, {
      sandboxName: "dev",
    });
    expect(failures).toEqual([]);
  });
});
