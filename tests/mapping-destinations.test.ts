// The MappingSet's destinations against its output schema's fields (kinds/mapping-set/destinations.ts), pure: what a
// Data Prep destination path names (arrays, maps, escaped dots), which destinations are judged (the tenant's namespace
// only), and the exact warning each gets.
import { destinationWarnings, isField, outputSchemaRef, tenantOf } from "../provider/kinds/mapping-set/destinations";
import { UNKNOWN } from "../provider/engine/unknown";

const SCHEMA_ID = "https://ns.adobe.com/acme/schemas/0123456789abcdef0123456789abcdef";
const PROPERTIES = {
  _id: { type: "string" },
  _acme: {
    type: "object",
    properties: {
      tier: { type: "string" },
      "street.name": { type: "string" },
      visits: { type: "array", items: { type: "object", properties: { at: { type: "string" } } } },
      tags: { type: "object", additionalProperties: { type: "string" } },
    },
  },
};
const schema = { $id: SCHEMA_ID, title: "Loyalty members", properties: PROPERTIES };
const rule = (destination: string) => ({ sourceType: "ATTRIBUTE", source: "x", destination });

it("a destination names a field through objects, arrays (with or without an index), maps (any key) and escaped dots", () => {
  for (const path of [
    "_id",
    "_acme",
    "_acme.tier",
    "_acme.visits[0].at",
    "_acme.visits[*].at",
    "_acme.visits.at",
    "_acme.tags.gold",
    "_acme.street\\.name",
  ])
    expect([path, isField(PROPERTIES, path)]).toEqual([path, true]);
  for (const path of ["_acme.tierr", "_acme.tier.sub", "_acme.visits[0].on", "_acme.street.name", "personalEmail.address"])
    expect([path, isField(PROPERTIES, path)]).toEqual([path, false]);
});

it("only destinations under the tenant's namespace are judged, each named with the schema's title, its tenant fields and what to do", () => {
  const rules = [rule("_id"), rule("personalEmail.address"), rule("_acme.tierr"), rule("_acme.tier"), rule(UNKNOWN)];
  expect(destinationWarnings(schema, rules)).toEqual([
    {
      rule: "mapping.destination.inSchema",
      property: "mappings[2].destination",
      reason:
        'is "_acme.tierr", which is not a field of the output schema "Loyalty members" as the Schema Registry has it now (its ' +
        "fields there: _acme.tier, _acme.street.name, _acme.visits.at, _acme.tags). Fix the path, or add the field to a field group " +
        "of that schema; if this same update adds it (a FieldGroup or Schema change in this program), the warning is about the " +
        "schema before that change",
    },
  ]);
});

it("a schema without tenant fields says so; a schema that is not a tenant's judges nothing", () => {
  const [w] = destinationWarnings({ $id: SCHEMA_ID, title: "Bare", properties: { _id: { type: "string" } } }, [rule("_acme.tier")]);
  expect(w.reason).toContain('not a field of the output schema "Bare" as the Schema Registry has it now (it has no field under _acme)');
  expect(destinationWarnings({ $id: "https://ns.adobe.com/xdm/context/profile__union", title: "Union" }, [rule("_acme.tier")])).toEqual([]);
  expect(tenantOf(SCHEMA_ID)).toBe("acme");
});

it("the schema reference is read only once known, with the major version its content type names", () => {
  const inputs = (id: string, contentType: string) => ({ outputSchema: { schemaRef: { id, contentType } } });
  expect(outputSchemaRef(inputs(SCHEMA_ID, "application/vnd.adobe.xed-full+json;version=1"))).toEqual({ id: SCHEMA_ID, major: "1" });
  expect(outputSchemaRef(inputs(SCHEMA_ID, "application/vnd.adobe.xed-full+json"))).toEqual({ id: SCHEMA_ID, major: "1" });
  expect(outputSchemaRef(inputs(UNKNOWN, "application/vnd.adobe.xed-full+json;version=1"))).toBeUndefined();
  expect(outputSchemaRef(inputs(SCHEMA_ID, UNKNOWN))).toBeUndefined();
});
