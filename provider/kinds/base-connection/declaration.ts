// The BaseConnection, declared once: every input and output, its shape (what `check` accepts), its
// docs and what a change of it does. The package schema, the SDKs, the generated TypeScript resource
// and the reference docs come from here. Pure.
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/update
import { z } from "zod";
import { connectionSpecInput } from "../connection";
import { declareResource, objectType, prop } from "../declare";
import { DOCS, ENTITY_ALWAYS_OUTPUT, EntityWords, FLOW_SERVICE, entityInputs, entityOutputs } from "../entity";

const BASE: EntityWords = { noun: "base connection", collection: "/connections" };

export const AUTH = objectType(
  "Auth",
  `How a base connection authenticates: one of its connection spec's auth specs, and that spec's params (${DOCS.authSpec}).`,
  {
    specName: prop(z.string(), {
      replaces: true,
      doc:
        "The auth spec's name, one of the connection spec's `authSpec[].name` (e.g. `\"Access Key\"`; `getConnectionSpec` lists " +
        "them). Changing it replaces the base connection.",
    }),
    params: prop(z.record(z.string(), z.unknown()), {
      secret: true,
      doc:
        "The credentials and other params the auth spec declares (e.g. `s3AccessKey`, `s3SecretKey`); the params it requires must " +
        "be present. A secret in the state whatever the program passes, never printed, never read back (write-only: drift is " +
        "never computed on them). A change is a credential rotation: one etag-guarded `PATCH /connections/{id}` with " +
        "`replace /auth/params`.",
    }),
  },
);

export const BASE_CONNECTION_DECLARATION = declareResource({
  name: "BaseConnection",
  doc:
    `An AEP Flow Service base connection (\`POST ${FLOW_SERVICE}/connections\`): the account (credentials and the connection ` +
    "spec of a source) that source and target connections read or write through.\n\n" +
    "Lifecycle: checked against its connection spec (the auth spec named and the params it requires) before any write; created " +
    "as a draft by default; `name`, `description` and the credentials (`auth.params`) change in place with one etag-guarded " +
    "`PATCH /connections/{id}`; `draft: false` publishes it (before the connections using it); a change of `connectionSpec`, " +
    "`auth.specName` or `sandboxName` replaces it. A delete the service refuses because a connection or flow still uses it " +
    `(1418) names what does. ${DOCS.update}`,
  inputs: {
    ...entityInputs(BASE),
    connectionSpec: connectionSpecInput("base connection", "e.g. Amazon S3 `ecadc60c-7455-4d87-84dc-2a0e293d997b`"),
    auth: prop(AUTH, {
      secret: true,
      patch: true,
      writeOnly: true,
      doc:
        "`{specName, params}`: the auth spec of the connection spec and its credentials. A Pulumi secret whatever the program passes; " +
        "write-only (the service does not give credentials back). A change of `params` rotates them with one etag-guarded " +
        "`PATCH /connections/{id}` (`replace /auth/params`); a change of `specName` replaces the base connection.",
    }),
  },
  outputs: {
    ...entityOutputs(BASE, "`draft` or `enabled`"),
    inletUrl: prop(z.string().optional(), {
      doc: "For a streaming (HTTP API) connection: the URL data is sent to (the service adds it).",
    }),
  },
  alwaysOutput: [...ENTITY_ALWAYS_OUTPUT, "connectionSpec", "auth"],
});
