// What source and target connections share: both are a connection spec's view of data (where a flow
// reads, where it writes), under an optional base connection. Only the name and description are
// changed in place: Adobe documents no PATCH of a connection's data or params, and re-pointing a
// flow at other data is a new flow (the update tutorial), so every other change replaces the
// connection (and, through Pulumi's dependency order, the flows using it). Pure.
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/collect/cloud-storage
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/draft
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/update-dataflows
import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import type { Entity, SourceConnection, TargetConnection } from "../adobe/types";
import { ConnectionInputs, connectionSpecInput, connectionSpecRules, paramsFailures } from "./connection";
import { ResourceDeclaration, patchableOf, prop, replaceOnOf } from "./declare";
import {
  DOCS,
  ENTITY_ALWAYS_OUTPUT,
  EntityWords,
  FLOW_SERVICE,
  backToDraft,
  entityInputs,
  entityOutputs,
  entityWarnings,
  parseDeclared,
  patchNote,
  specRefWarnings,
  uuidWarning,
} from "./entity";
import { CheckFailure, EntityKind, EntityOutputs, Prerequisite, isoTime } from "./kind";
import { inDeclaredForm, sameToApi } from "./normal-form";
import { plainDocument, plainRead, plainRequest } from "./wire";

/** The inputs both kinds take; `data` differs in shape (see each kind). */
export interface DataConnectionInputs extends ConnectionInputs {
  /** The account it reads from or writes to; absent for the data lake and some sources. */
  baseConnectionId?: string;
  data?: object;
  /** Spec-defined (the connection spec's `sourceSpec` / `targetSpec`). */
  params?: Record<string, unknown>;
}

/**
 * The declaration of a source or target connection: the entity's inputs, its base connection,
 * connection spec, data (of the `data` object type given) and spec-defined params, all but the name
 * and description replacing it.
 */
export function dataConnectionDeclaration<D extends z.ZodType>(side: "source" | "target", data: D) {
  const source = side === "source";
  const w: EntityWords = source
    ? { noun: "source connection", collection: "/sourceConnections" }
    : { noun: "target connection", collection: "/targetConnections" };
  const patch =
    `${patchNote(w)} Adobe documents no PATCH of a ${w.noun}'s name or description: if the service refuses it (1365, 1445, 1300) ` +
    "nothing is changed and the error says to replace the connection (`pulumi up --replace <urn>`) or undo the change.";
  return {
    name: (source ? "SourceConnection" : "TargetConnection") as "SourceConnection" | "TargetConnection",
    doc:
      `An AEP Flow Service ${w.noun} (\`POST ${FLOW_SERVICE}${w.collection}\`): where a dataflow ${source ? "reads" : "writes"}` +
      (source
        ? " (a path or table of its base connection's account, and the data's format)"
        : " (for sources, a dataset of the data lake)") +
      ".\n\nLifecycle: checked against its connection spec before any write; created as a draft by default; `name` and `description` " +
      `change in place with one etag-guarded \`PATCH ${w.collection}/{id}\`; \`draft: false\` publishes it (after its base ` +
      "connection, before the flows using it); a change of `connectionSpec`, `baseConnectionId`, `data`, `params` or `sandboxName` " +
      `replaces it, and through Pulumi's dependency order the flows using it. ${DOCS.cloudStorage}`,
    inputs: {
      ...entityInputs(w, { patchNote: patch }),
      baseConnectionId: prop(z.string().optional(), {
        replaces: true,
        doc: source
          ? "The base connection (a UUID, usually `baseConnection.id`) whose account it reads; some specs take none. It must be " +
            "published before this one is. Changing it replaces the source connection."
          : "The base connection (a UUID) it writes through; absent for the data lake. Changing it replaces the target connection.",
      }),
      connectionSpec: connectionSpecInput(
        w.noun,
        source
          ? "the same as its base connection's"
          : 'for sources the data lake `{id: "c604ff05-7f1a-43c0-8e18-33bf874cb11c", version: "1.0"}`',
      ),
      data: prop(data.optional(), {
        replaces: true,
        doc: source
          ? "The data's format and its properties: `{format, schema?, properties?}`. Changing it replaces the source connection."
          : `The dataset's XDM schema: \`{schema: {id: <schema $id>, version: "application/vnd.adobe.xed-full+json;version=1"}}\`. Changing it replaces the target connection.`,
      }),
      params: prop(z.record(z.string(), z.unknown()).optional(), {
        replaces: true,
        doc:
          (source
            ? "Free-form, defined by the connection spec's `sourceSpec`: `path` and `recursive` for files, `tableName` for tables."
            : "Free-form, defined by the connection spec's `targetSpec`: for the data lake `{dataSetId}` (a `Dataset` resource's `id`, or look one up with `getDataset`).") +
          " Checked against the spec before any write. Changing them replaces the connection (Adobe documents no PATCH of them).",
      }),
    },
    outputs: entityOutputs(w, "`draft` or `enabled`"),
    alwaysOutput: [...ENTITY_ALWAYS_OUTPUT, "connectionSpec"],
  };
}

/** The base connection a connection names must be published before it (draft tutorial's publish order). */
export function baseConnectionPrerequisite(id: string | undefined): Prerequisite[] {
  return id ? [{ typeName: "BaseConnection", noun: "base connection", collection: "connections", id, property: "baseConnectionId" }] : [];
}

/** What makes one data-connection kind: its names, the shape of its `data`, and its side of the connection spec. */
export interface DataConnectionKindOptions {
  typeName: "SourceConnection" | "TargetConnection";
  noun: "source connection" | "target connection";
  collection: "sourceConnections" | "targetConnections";
  /** The kind's declaration (dataConnectionInputs makes its inputs). */
  declaration: ResourceDeclaration;
  /** The guesses about `data` (empty names), as warnings. */
  dataWarnings(data: unknown): CheckFailure[];
  /** Where the connection spec declares this kind's params. */
  specSide: "sourceSpec" | "targetSpec";
  /** The flow property that lists connections of this kind. */
  flowProperty: "sourceConnectionIds" | "targetConnectionIds";
}

/** `null`, `[]` and absent are the same to the service, which fills unset fields: kept in the declared form. */
function declared<T>(remote: T | null | undefined, previous: T | undefined): T | undefined {
  // Nothing declared (an import, an adoption's first read): the service's form without what it
  // fills for nobody (`"properties": null`, `"columns": []`), which a program could not declare back.
  const value = previous === undefined ? withoutFilled(remote) : inDeclaredForm(remote ?? undefined, previous);
  return value === null ? undefined : (value as T | undefined);
}

/** `value` without keys holding null, undefined or an empty array, recursively; an object left empty is absent. */
function withoutFilled(value: unknown): never {
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return undefined as never;
  if (Array.isArray(value)) return value.map(withoutFilled) as never;
  if (typeof value !== "object") return value as never;
  const kept = Object.entries(value).flatMap(([k, v]) => {
    const pruned = withoutFilled(v);
    return pruned === undefined ? [] : [[k, pruned] as const];
  });
  return (kept.length ? Object.fromEntries(kept) : undefined) as never;
}

/** The outputs of a source or target connection as read from the service, in the form the program declared. */
export function outputsFromDataConnection<I extends DataConnectionInputs>(
  remote: SourceConnection | TargetConnection,
  previous: Pick<I, "sandboxName"> & Partial<I>,
): I & EntityOutputs {
  const outputs = {
    name: remote.name,
    connectionSpec: { id: remote.connectionSpec.id, version: remote.connectionSpec.version },
    draft: remote.state === "draft",
    sandboxName: remote.sandboxName ?? previous.sandboxName,
    etag: remote.etag,
    state: remote.state,
  } as I & EntityOutputs;
  if (remote.description) outputs.description = remote.description;
  if (remote.baseConnectionId) outputs.baseConnectionId = remote.baseConnectionId;
  const data = declared(remote.data as object | null | undefined, previous.data);
  if (data !== undefined) outputs.data = data;
  const params = declared(remote.params, previous.params);
  if (params !== undefined && Object.keys(params).length > 0) outputs.params = params;
  const createdAt = isoTime(remote.createdAt);
  const updatedAt = isoTime(remote.updatedAt);
  if (createdAt) outputs.createdAt = createdAt;
  if (updatedAt) outputs.updatedAt = updatedAt;
  return outputs;
}

/** The inputs the connection kinds convert themselves (wire.ts sends and reads any other as it is). */
const CONVERTED = ["name", "description", "connectionSpec", "baseConnectionId", "data", "params"];

/** The EntityKind of source or target connections. */
export function dataConnectionKind<I extends DataConnectionInputs>(options: DataConnectionKindOptions): EntityKind<I, I & EntityOutputs> {
  const { typeName, noun, collection, specSide, flowProperty, declaration } = options;
  const REPLACE_ON = replaceOnOf(declaration);
  const check = (
    olds: Partial<I> | undefined,
    news: Record<string, unknown>,
    defaults: { sandboxName: string },
  ): { inputs: I; failures: CheckFailure[] } => {
    const { inputs, failures } = parseDeclared<I>(declaration, news, defaults);
    const refused = backToDraft(noun, REPLACE_ON, olds, inputs);
    if (refused) failures.push(refused);
    failures.push(
      ...entityWarnings(inputs, noun),
      ...specRefWarnings("connectionSpec", inputs.connectionSpec, "connection spec"),
      ...uuidWarning("baseConnectionId", inputs.baseConnectionId, "base connection"),
      ...options.dataWarnings(inputs.data),
    );
    return { inputs, failures };
  };
  return {
    typeName,
    declaration,
    noun,
    collection,
    patch: {
      patchable: patchableOf(declaration),
      document(x) {
        const doc: Record<string, unknown> = plainDocument(declaration, CONVERTED, x);
        if (x.name !== undefined) doc.name = x.name;
        if (x.description) doc.description = x.description;
        return doc;
      },
    },
    replaceOn: REPLACE_ON,
    writeOnly: [],
    computed: [],
    canDisable: false,
    accessLabels: true,
    check,
    createRequest(inputs) {
      const body: Record<string, unknown> = {
        ...plainRequest(declaration, CONVERTED, inputs),
        name: inputs.name,
        connectionSpec: inputs.connectionSpec,
      };
      for (const key of ["description", "baseConnectionId", "data", "params"] as const)
        if (inputs[key] !== undefined) body[key] = inputs[key];
      return body;
    },
    outputsFromRemote: (remote, previous) => ({
      ...(plainRead(declaration, CONVERTED, remote, previous) as Partial<I>),
      ...outputsFromDataConnection<I>(remote as SourceConnection | TargetConnection, previous),
    }),
    recoveryFilters: (inputs) => [`connectionSpec.id==${inputs.connectionSpec.id}`],
    sameValue(prop, o, n) {
      // The service fills what nobody set ("schema": null, "params": {"columns": []}): compared in normal form.
      if (prop === "data" || prop === "params") return sameToApi(o, n);
      return undefined;
    },
    identityProblems(remote: Entity, inputs) {
      const c = remote as SourceConnection | TargetConnection;
      const problems: string[] = [];
      const differs = (property: string, theirs: unknown, ours: unknown) =>
        problems.push(`${noun} ${c.id} has ${property} ${JSON.stringify(theirs)}, the program declares ${JSON.stringify(ours)}`);
      const spec = { id: c.connectionSpec?.id, version: c.connectionSpec?.version };
      if (!isDeepStrictEqual(spec, inputs.connectionSpec)) differs("connectionSpec", c.connectionSpec, inputs.connectionSpec);
      if ((c.baseConnectionId ?? undefined) !== inputs.baseConnectionId)
        differs("baseConnectionId", c.baseConnectionId, inputs.baseConnectionId);
      if (!sameToApi(c.params, inputs.params)) {
        problems.push(`${noun} ${c.id} has other params than the program declares (they cannot be changed in place)`);
      }
      return problems;
    },
    spec: connectionSpecRules<I>(noun, ["params"], (spec, inputs) => paramsFailures(spec, specSide, inputs.params)),
    prerequisites: (inputs) => baseConnectionPrerequisite(inputs.baseConnectionId),
    usedBy: {
      users: (id) => [{ collection: "flows", noun: "flow", filter: `${flowProperty}[]==${id}` }],
      asInput: `${flowProperty}: [${typeName === "SourceConnection" ? "source" : "target"}.id]`,
    },
  };
}
