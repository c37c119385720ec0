// The BaseConnection kind: `/connections`, an account. Its declaration (declaration.ts) says what a
// PATCH may change (name, description, the auth params: credentials are rotated with one replace of
// `/auth/params`), what replaces it and its write-only credentials: the service never gives them back
// as sent, so they are kept as the stack last sent them and never compared with a read. Pure.
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/update
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/draft
import { isDeepStrictEqual } from "node:util";
import type { BaseConnection as ApiBaseConnection, Entity } from "../../adobe/types";
import { authFailures, connectionSpecRules } from "../connection";
import { patchableOf, replaceOnOf, writeOnlyOf } from "../declare";
import { backToDraft, computedOf, emptyTextWarnings, entityWarnings, parseDeclared, specRefWarnings } from "../entity";
import { CheckFailure, EntityKind, InputsOf, OutputsOf, isoTime } from "../kind";
import { BASE_CONNECTION_DECLARATION } from "./declaration";
import { plainDocument, plainRead, plainRequest } from "../wire";

export type BaseConnectionInputs = InputsOf<typeof BASE_CONNECTION_DECLARATION>;
export type BaseConnectionOutputs = OutputsOf<typeof BASE_CONNECTION_DECLARATION>;

const REPLACE_ON = replaceOnOf(BASE_CONNECTION_DECLARATION);

export function checkBaseConnection(
  olds: Partial<BaseConnectionInputs> | undefined,
  news: Record<string, unknown>,
  defaults: { sandboxName: string },
): { inputs: BaseConnectionInputs; failures: CheckFailure[] } {
  const { inputs, failures } = parseDeclared<BaseConnectionInputs>(BASE_CONNECTION_DECLARATION, news, defaults);
  const refused = backToDraft("base connection", REPLACE_ON, olds, inputs);
  if (refused) failures.push(refused);
  failures.push(
    ...entityWarnings(inputs, "base connection"),
    ...specRefWarnings("connectionSpec", inputs.connectionSpec, "connection spec"),
    ...emptyTextWarnings("auth.specName", inputs.auth?.specName, 'one of the connection spec\'s auth specs (e.g. "Access Key")'),
  );
  return { inputs, failures };
}

export function outputsFromBaseConnection(
  remote: ApiBaseConnection,
  previous: Pick<BaseConnectionOutputs, "sandboxName"> & Partial<BaseConnectionOutputs>,
): BaseConnectionOutputs {
  const outputs: BaseConnectionOutputs = {
    name: remote.name,
    connectionSpec: { id: remote.connectionSpec.id, version: remote.connectionSpec.version },
    // Write-only: the credentials the stack sent, never what a read shows (masked or absent).
    auth: { specName: remote.auth?.specName ?? previous.auth?.specName ?? "", params: previous.auth?.params ?? {} },
    draft: remote.state === "draft",
    sandboxName: remote.sandboxName ?? previous.sandboxName,
    etag: remote.etag,
    state: remote.state,
  };
  if (remote.description) outputs.description = remote.description;
  const inlet = remote.auth?.params?.inletUrl;
  if (typeof inlet === "string") outputs.inletUrl = inlet;
  const createdAt = isoTime(remote.createdAt);
  const updatedAt = isoTime(remote.updatedAt);
  if (createdAt) outputs.createdAt = createdAt;
  if (updatedAt) outputs.updatedAt = updatedAt;
  return outputs;
}

/** The inputs this kind converts itself (wire.ts sends and reads any other as it is). */
const CONVERTED = ["name", "description", "connectionSpec", "auth"];

export const BASE_CONNECTION: EntityKind<BaseConnectionInputs, BaseConnectionOutputs> = {
  typeName: "BaseConnection",
  declaration: BASE_CONNECTION_DECLARATION,
  noun: "base connection",
  collection: "connections",
  patch: {
    patchable: patchableOf(BASE_CONNECTION_DECLARATION),
    document(x) {
      const i = x as Partial<BaseConnectionInputs>;
      const doc: Record<string, unknown> = plainDocument(BASE_CONNECTION_DECLARATION, CONVERTED, x);
      if (i.name !== undefined) doc.name = i.name;
      if (i.description) doc.description = i.description;
      // Always present, so that new credentials become one replace of /auth/params, the update tutorial's form.
      doc.auth = { params: i.auth?.params ?? {} };
      return doc;
    },
    wholeElement: /^(\/auth\/params)\/.+/,
  },
  replaceOn: REPLACE_ON,
  writeOnly: writeOnlyOf(BASE_CONNECTION_DECLARATION),
  computed: computedOf(BASE_CONNECTION_DECLARATION),
  canDisable: false,
  accessLabels: true,
  check: checkBaseConnection,
  createRequest(inputs) {
    const body: Record<string, unknown> = {
      ...plainRequest(BASE_CONNECTION_DECLARATION, CONVERTED, inputs),
      name: inputs.name,
      connectionSpec: inputs.connectionSpec,
      auth: inputs.auth,
    };
    if (inputs.description !== undefined) body.description = inputs.description;
    return body;
  },
  outputsFromRemote: (remote, previous) => ({
    ...(plainRead(BASE_CONNECTION_DECLARATION, CONVERTED, remote, previous) as Partial<BaseConnectionOutputs>),
    ...outputsFromBaseConnection(remote as ApiBaseConnection, previous),
  }),
  recoveryFilters: (inputs) => [`connectionSpec.id==${inputs.connectionSpec.id}`],
  identityProblems(remote: Entity, inputs) {
    const c = remote as ApiBaseConnection;
    const problems: string[] = [];
    if (!isDeepStrictEqual({ id: c.connectionSpec?.id, version: c.connectionSpec?.version }, inputs.connectionSpec)) {
      problems.push(
        `base connection ${c.id} has connectionSpec ${JSON.stringify(c.connectionSpec)}, the program declares ${JSON.stringify(inputs.connectionSpec)}`,
      );
    }
    if (c.auth?.specName !== undefined && c.auth.specName !== inputs.auth.specName) {
      problems.push(`base connection ${c.id} uses the auth spec "${c.auth.specName}", the program declares "${inputs.auth.specName}"`);
    }
    return problems;
  },
  usedBy: {
    users: (id) => [
      { collection: "sourceConnections", noun: "source connection", filter: `baseConnectionId==${id}` },
      { collection: "targetConnections", noun: "target connection", filter: `baseConnectionId==${id}` },
    ],
    asInput: "baseConnectionId: base.id",
  },
  spec: connectionSpecRules<BaseConnectionInputs>("base connection", ["auth"], (spec, inputs) => authFailures(spec, inputs.auth)),
};
