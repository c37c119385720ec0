// What the three connection kinds share: the connection spec they are made from, declared once, and
// how each is checked against that spec, as the service will check it: draft
// support (`attributes.isDraftModeSupported: false`, read before using mode=draft), the auth spec a base
// connection names (`auth.specName` must be one of `authSpec[].name`, else 1415) and the params it
// requires, and the params a source or target connection takes (`sourceSpec` / `targetSpec`).
// Reasons never carry a value: auth params are credentials. Pure.
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/draft
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/sources-sdk/config/authspec
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/flow-service-errors
import { z } from "zod";
import type { ConnectionSpec } from "../adobe/types";
import { objectType, prop } from "./declare";
import { jsonSchemaFailures } from "./json-schema";
import type { CheckFailure, EntityInputs, SpecRules } from "./kind";
import { sameToApi } from "./normal-form";

export const CONNECTION_SPEC_REF = objectType(
  "ConnectionSpecRef",
  "A connection spec: which source or destination a connection is for (e.g. Amazon S3 `ecadc60c-7455-4d87-84dc-2a0e293d997b`).",
  {
    id: prop(z.string(), { doc: "The connection spec id (a UUID); look it up by name with `getConnectionSpec`." }),
    version: prop(z.string(), { doc: 'The connection spec version, e.g. `"1.0"`.' }),
  },
);

export type ConnectionSpecRef = z.output<typeof CONNECTION_SPEC_REF>;

/** The `connectionSpec` input of a connection kind; `example` names a typical one. */
export function connectionSpecInput(noun: string, example: string) {
  return prop(CONNECTION_SPEC_REF, {
    replaces: true,
    doc:
      `The connection spec (\`{id, version}\`) the ${noun} is made from, ${example}; look it up by name with \`getConnectionSpec\`. ` +
      `Inputs are checked against it before any write. Changing it replaces the ${noun}.`,
  });
}

/** What every connection kind declares about its spec. */
export interface ConnectionInputs extends EntityInputs {
  connectionSpec: ConnectionSpecRef;
}

/** A draft of a spec that declares `attributes.isDraftModeSupported: false` (an absent attribute is not false); undefined when fine. */
export function draftFailure(spec: ConnectionSpec, inputs: ConnectionInputs, noun: string): CheckFailure | undefined {
  if (!inputs.draft || spec.attributes?.isDraftModeSupported !== false) return undefined;
  return {
    property: "draft",
    rule: "spec.draftSupport",
    reason: `connection spec ${spec.name} (${spec.id}) declares attributes.isDraftModeSupported: false, so it takes no draft; set \`draft: false\` to create the ${noun} published`,
  };
}

/** What the auth spec named by `specName` refuses in `params`. */
export function authFailures(spec: ConnectionSpec, auth: { specName: string; params?: Record<string, unknown> }): CheckFailure[] {
  const specs = spec.authSpec ?? [];
  const chosen = specs.find((a) => a.name === auth.specName);
  if (!chosen) {
    return [
      {
        property: "auth.specName",
        rule: "spec.auth",
        reason: `"${auth.specName}" is not an auth spec of connection spec ${spec.name} (it has ${specs.map((a) => `"${a.name}"`).join(", ") || "none"})`,
      },
    ];
  }
  const schema = chosen.spec as Record<string, unknown> | undefined;
  const where = `the "${chosen.name}" auth spec of ${spec.name}`;
  return jsonSchemaFailures("spec.auth", schema, auth.params ?? {}, "auth.params", where, () => `does not match ${where}`, false);
}

/** What the connection spec's source or target spec refuses in `params`. */
export function paramsFailures(
  spec: ConnectionSpec,
  side: "sourceSpec" | "targetSpec",
  params: Record<string, unknown> | undefined,
): CheckFailure[] {
  const schema = spec[side]?.spec as Record<string, unknown> | undefined;
  if (!schema) return [];
  const where = `connection spec ${spec.name}'s ${side}`;
  return jsonSchemaFailures("spec.params", schema, params ?? {}, "params", where, () => `does not match ${where}`, false);
}

/** Whether a change between old and new inputs is one the connection spec judges (so the spec is read). */
export function connectionSpecRelevant(props: readonly string[]) {
  return (olds: Partial<ConnectionInputs> | undefined, news: ConnectionInputs): boolean =>
    !olds ||
    ["connectionSpec", "draft", ...props].some(
      (p) => !sameToApi((olds as Record<string, unknown>)[p], (news as unknown as Record<string, unknown>)[p]),
    );
}

/**
 * How a connection kind is judged by its connection spec (read once per run when `connectionSpec`,
 * `draft` or one of `judged` changes): draft support, then what `failures` adds (the auth spec of a
 * base connection, the params of a source or target connection).
 */
export function connectionSpecRules<I extends ConnectionInputs>(
  noun: string,
  judged: readonly string[],
  failures: (spec: ConnectionSpec, inputs: I) => CheckFailure[],
): SpecRules<I> {
  return {
    collection: "connectionSpecs",
    id: (inputs) => inputs.connectionSpec.id,
    property: "connectionSpec.id",
    relevant: connectionSpecRelevant(judged) as (olds: Partial<I> | undefined, news: I) => boolean,
    failures(spec: ConnectionSpec, inputs) {
      const draft = draftFailure(spec, inputs, noun);
      return [...(draft ? [draft] : []), ...failures(spec, inputs)];
    },
  };
}
