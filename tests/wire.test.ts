// An input added to a declaration and named by no conversion of its kind ("plain") is sent in the
// create body, in a PATCH when declared `patch`, read back in the form the program declared it, and
// compared: kinds/wire.ts. The `local` inputs (the sandbox, draft, adoptId) are never in a body.
import { z } from "zod";
import { declareResource, prop, sentOf } from "../provider/kinds/declare";
import { plainChanged, plainDocument, plainInputs, plainRead, plainRequest } from "../provider/kinds/wire";
import { BASE_CONNECTION_DECLARATION } from "../provider/kinds/base-connection/declaration";
import { DATAFLOW_DECLARATION } from "../provider/kinds/dataflow/declaration";
import { MAPPING_SET_DECLARATION } from "../provider/kinds/mapping-set/declaration";
import { SOURCE_CONNECTION_DECLARATION } from "../provider/kinds/source-connection/declaration";

const THING = declareResource({
  name: "Thing",
  doc: "A test kind.",
  inputs: {
    name: prop(z.string(), { doc: "Its name, converted by the kind itself.", patch: true }),
    labels: prop(z.array(z.string()).optional(), { doc: "A plain input a PATCH changes.", patch: true }),
    size: prop(z.number().optional(), { doc: "A plain input a change of which replaces it.", replaces: true }),
    sandboxName: prop(z.string().optional(), { doc: "The sandbox: a header, never in a body.", local: true }),
  },
  outputs: {},
  alwaysOutput: [],
});
const CONVERTED = ["name"];

describe("plain inputs", () => {
  it("are the sent inputs no conversion names; local ones are never sent", () => {
    expect(sentOf(THING)).toEqual(["name", "labels", "size"]);
    expect(plainInputs(THING, CONVERTED)).toEqual(["labels", "size"]);
  });

  it("go in a create body as given, absent ones left out", () => {
    expect(plainRequest(THING, CONVERTED, { name: "n", labels: ["a"], sandboxName: "dev" })).toEqual({ labels: ["a"] });
    expect(plainRequest(THING, CONVERTED, { name: "n", labels: ["a"], size: 2, sandboxName: "dev" })).toEqual({ labels: ["a"], size: 2 });
  });

  it("go in a PATCH document only when declared `patch`", () => {
    expect(plainDocument(THING, CONVERTED, { name: "n", labels: ["a"], size: 2 })).toEqual({ labels: ["a"] });
  });

  it("are read back in the form the program declared them when they mean the same, else as read", () => {
    expect(plainRead(THING, CONVERTED, { name: "x", labels: ["a"], size: "2", extra: 1 }, { size: 2 })).toEqual({ labels: ["a"], size: 2 });
    expect(plainRead(THING, CONVERTED, { size: "3", labels: null }, { size: 2 })).toEqual({ size: "3" });
  });

  it("are compared in the service's types", () => {
    expect(plainChanged(THING, CONVERTED, { labels: ["a"], size: "2" }, { labels: ["a"], size: 2 })).toEqual([]);
    expect(plainChanged(THING, CONVERTED, { labels: ["a"] }, { labels: ["b"] })).toEqual(["labels"]);
  });

  it("are none today: every kind converts each input it sends (the sandbox, draft, enabled and adoptId are local)", () => {
    expect(sentOf(DATAFLOW_DECLARATION)).toEqual([
      "name",
      "description",
      "flowSpec",
      "sourceConnectionIds",
      "targetConnectionIds",
      "transformations",
      "scheduleParams",
      "options",
    ]);
    expect(sentOf(BASE_CONNECTION_DECLARATION)).toEqual(["name", "description", "connectionSpec", "auth"]);
    expect(sentOf(SOURCE_CONNECTION_DECLARATION)).toEqual(["name", "description", "baseConnectionId", "connectionSpec", "data", "params"]);
    expect(sentOf(MAPPING_SET_DECLARATION)).toEqual(["outputSchema", "mappings"]);
  });
});
