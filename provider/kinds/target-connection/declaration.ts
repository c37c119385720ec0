// The TargetConnection, declared once: every input and output, its shape (what `check` accepts), its
// docs and what a change of it does (what it shares with a source connection: data-connection.ts).
// The package schema, the SDKs, the generated TypeScript resource and the reference docs come from
// here. Pure. https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/collect/cloud-storage
import { z } from "zod";
import { dataConnectionDeclaration } from "../data-connection";
import { declareResource, objectType, prop } from "../declare";
import { XED } from "../entity";

export const TARGET_DATA_SCHEMA = objectType("TargetDataSchema", "The XDM schema of the target dataset.", {
  id: prop(z.string(), { doc: "The schema's `$id` (a URI); look it up by title with `getSchema`." }),
  version: prop(z.string(), { doc: `The schema's media type, e.g. \`"${XED}"\`.` }),
});

export const TARGET_CONNECTION_DATA = objectType("TargetConnectionData", "The data a target connection writes.", {
  format: prop(z.string().optional(), { doc: 'The data format, e.g. `"parquet_xdm"`; optional for the data lake.' }),
  schema: prop(TARGET_DATA_SCHEMA.optional(), { doc: "The target dataset's XDM schema `{id, version}`." }),
  properties: prop(z.record(z.string(), z.unknown()).optional(), { doc: "Free-form, spec-defined properties." }),
});

export const TARGET_CONNECTION_DECLARATION = declareResource(dataConnectionDeclaration("target", TARGET_CONNECTION_DATA));
