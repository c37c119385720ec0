// The SourceConnection, declared once: every input and output, its shape (what `check` accepts), its
// docs and what a change of it does (what it shares with a target connection: data-connection.ts).
// The package schema, the SDKs, the generated TypeScript resource and the reference docs come from
// here. Pure. https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/collect/cloud-storage
import { z } from "zod";
import { dataConnectionDeclaration } from "../data-connection";
import { declareResource, objectType, prop } from "../declare";

export const SOURCE_CONNECTION_DATA = objectType("SourceConnectionData", "The format of the data a source connection reads.", {
  format: prop(z.string(), { doc: '`"delimited"`, `"json"` or `"parquet"` for files, `"tabular"` for tables.' }),
  schema: prop(z.unknown().optional(), { doc: "Free-form: the schema of the source data, when the spec takes one." }),
  properties: prop(z.record(z.string(), z.unknown()).optional(), { doc: 'Free-form format properties, e.g. `{columnDelimiter: ";"}`.' }),
});

export const SOURCE_CONNECTION_DECLARATION = declareResource(dataConnectionDeclaration("source", SOURCE_CONNECTION_DATA));
