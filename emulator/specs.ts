// The flow specs and connection specs the emulator serves (`GET /flowSpecs`, `/connectionSpecs`).
// Specs are read-only and "organization agnostic" (the Flow Service API spec's tag text), so the
// same ids hold in every sandbox. The ids and shapes come from Adobe's tutorials:
//  - CloudStorageToAEP with its schedule and mapping specs, and the cloud storage connection spec
//    ids: https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/collect/cloud-storage
//  - drafts and `attributes.isDraftModeSupported`:
//    https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/draft
//  - HTTP API streaming (two flow specs, with and without transformations; no schedule):
//    https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/create/streaming/http
//  - the auth specs (which params are secrets: `format: "password"`):
//    https://experienceleague.adobe.com/en/docs/experience-platform/sources/sources-sdk/config/authspec
// Where a page leaves something open, the choice is said beside it.

export interface FlowSpec {
  id: string;
  name: string;
  providerId: string;
  version: string;
  sourceConnectionSpecIds: string[];
  targetConnectionSpecIds: string[];
  transformationSpecs?: { name: string; spec: Record<string, unknown> }[];
  scheduleSpec?: { name: string; type: string; spec: Record<string, unknown> };
  optionSpec?: { name: string; spec: Record<string, unknown> };
  attributes: Record<string, unknown>;
  [extra: string]: unknown;
}

export interface ConnectionSpec {
  id: string;
  name: string;
  providerId: string;
  version: string;
  authSpec: { name: string; type: string; spec: Record<string, unknown> }[];
  sourceSpec?: Record<string, unknown>;
  targetSpec?: Record<string, unknown>;
  attributes: Record<string, unknown>;
  [extra: string]: unknown;
}

export const DATA_LAKE = "c604ff05-7f1a-43c0-8e18-33bf874cb11c";
export const AMAZON_S3 = "ecadc60c-7455-4d87-84dc-2a0e293d997b";
export const SALESFORCE = "cfc0fee1-7dc0-40ef-b73e-d8b134c436f5";
export const HTTP_STREAMING = "bc7b00d6-623a-4dfc-9fdb-f1240aeadaeb";
const PROVIDER = "0ed90a81-07f4-4586-8190-b40eccef1c5a";
/** The streaming sources' provider id (the HTTP API tutorial's). */
const STREAMING_PROVIDER = "521eee4d-8cbe-4906-bb48-fb6bd4450033";
/** `permissionsInfo` of the streaming flow specs, as the streaming tutorial prints it. */
const streamingPermissions = {
  view: [{ "@type": "lowLevel", name: "StreamingSource", permissions: ["read"] }],
  manage: [{ "@type": "lowLevel", name: "StreamingSource", permissions: ["write"] }],
};
const SCHEMA = "http://json-schema.org/draft-07/schema#";

const mappingSpec = {
  name: "Mapping",
  spec: {
    $schema: SCHEMA,
    type: "object",
    description: "defines various params required for different mapping from source to target",
    // Declared as strings (the cloud storage tutorial's flow spec, above, and the spec's TransformationSpecDTO); the
    // tutorials send mappingVersion as 0 or "0".
    properties: { mappingId: { type: "string" }, mappingVersion: { type: "string" } },
  },
};

/**
 * The periodic schedule of batch flow specs, as the cloud storage tutorial prints it, with `once`
 * added as the Flow Service API spec's ScheduleSpecDTO allows it (interval and backfill absent).
 * Versions of the tutorial print it with `endTime` and without `once`, or with `once` and `backfill` (default true);
 * this is their union. Interval: ScheduleSpecDTO says "a non zero integer", "equal or greater than 15
 * if frequency is set on a per minute basis" and "no constraints on interval for other frequency settings".
 * https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/flow-service.yaml
 */
const periodicSchedule = {
  name: "PeriodicSchedule",
  type: "Periodic",
  spec: {
    $schema: SCHEMA,
    type: "object",
    properties: {
      startTime: { description: "epoch time", type: "integer" },
      endTime: { description: "epoch time", type: "integer" },
      interval: { type: "integer" },
      frequency: { type: "string", enum: ["once", "minute", "hour", "day", "week"] },
      backfill: { type: "boolean", default: true },
    },
    required: ["startTime", "frequency"],
    additionalProperties: false,
    allOf: [
      {
        if: { properties: { frequency: { const: "once" } } },
        then: { not: { anyOf: [{ required: ["interval"] }, { required: ["backfill"] }] } },
        else: { required: ["interval"] },
      },
      {
        if: { properties: { frequency: { const: "minute" } } },
        then: { properties: { interval: { minimum: 15 } } },
        else: { properties: { interval: { minimum: 1 } } },
      },
    ],
  },
};

/**
 * Error diagnostics and partial ingestion: https://experienceleague.adobe.com/en/docs/experience-platform/ingestion/batch/partial
 * The Flow Service spec's OptionSpecDTO declares partialIngestionPercent an integer (0 to 100, as the page says).
 */
const ingestionOptions = {
  name: "OptionSpec",
  spec: {
    $schema: SCHEMA,
    type: "object",
    properties: {
      errorDiagnosticsEnabled: { type: "boolean" },
      partialIngestionEnabled: { type: "boolean" },
      partialIngestionPercent: { type: "integer", minimum: 0, maximum: 100 },
    },
    additionalProperties: false,
  },
};

export const FLOW_SPECS: FlowSpec[] = [
  {
    id: "9753525b-82c7-4dce-8a9b-5ccfce2b9876",
    name: "CloudStorageToAEP",
    providerId: PROVIDER,
    version: "1.0",
    sourceConnectionSpecIds: [
      "b3ba5556-48be-44b7-8b85-ff2b69b46dc4",
      "ecadc60c-7455-4d87-84dc-2a0e293d997b",
      "b7829c2f-2eb0-4f49-a6ee-55e33008b629",
      "4c10e202-c428-4796-9208-5f1f5732b1cf",
      "fb2e94c9-c031-467d-8103-6bd6e0a432f2",
      "32e8f412-cdf7-464c-9885-78184cb113fd",
      "b7bf2577-4520-42c9-bae9-cad01560f7bc",
      "998b8ae3-cec0-43b7-8abe-40b1eb4ee069",
      "be5ec48c-5b78-49d5-b8fa-7c89ec4569b8",
    ],
    targetConnectionSpecIds: [DATA_LAKE],
    // The tutorial's CloudStorageToAEP lists only Mapping; Encryption (`publicKeyId`) is what the encrypted data ingestion
    // tutorial adds to cloud storage flows:
    // https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/encrypt-data
    // (the sources catalogue's 1202/1309 refuse one without publicKeyId; the emulator answers 1100).
    transformationSpecs: [
      mappingSpec,
      {
        name: "Encryption",
        spec: { $schema: SCHEMA, type: "object", properties: { publicKeyId: { type: "string" } }, required: ["publicKeyId"] },
      },
    ],
    scheduleSpec: periodicSchedule,
    optionSpec: ingestionOptions,
    attributes: { isSourceFlow: true, isDraftModeSupported: true, frequency: "batch" },
  },
  {
    id: "14518937-270c-4525-bdec-c2ba7cce3860",
    name: "CRMToAEP",
    providerId: PROVIDER,
    version: "1.0",
    sourceConnectionSpecIds: ["cfc0fee1-7dc0-40ef-b73e-d8b134c436f5", "3c9b37f8-13a6-43d8-bad3-b863b941fedd"],
    targetConnectionSpecIds: [DATA_LAKE],
    // Copy with a deltaColumn, required, as Adobe's tutorials print CRMToAEP and as the sources catalogue's 1367 says:
    // "The delta column is required in copy transformation when creating a CRM connector"
    // (https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/sources-errors; the emulator answers
    // 1100 naming it). Whether a CRM flow needs the Copy transformation at all is not documented: not required here.
    transformationSpecs: [
      {
        name: "Copy",
        spec: {
          $schema: SCHEMA,
          type: "object",
          properties: {
            deltaColumn: {
              type: "object",
              properties: { name: { type: "string" }, dateFormat: { type: "string" }, timezone: { type: "string" } },
              required: ["name"],
            },
          },
          required: ["deltaColumn"],
        },
      },
      mappingSpec,
    ],
    scheduleSpec: periodicSchedule,
    optionSpec: ingestionOptions,
    attributes: { isSourceFlow: true, isDraftModeSupported: true, frequency: "batch" },
  },
  // The HTTP API streaming flow specs as the streaming sources tutorial prints them (experience-platform.en
  // help/sources/tutorials/api/collect/streaming.md, "Retrieve a list of dataflow specifications"): names as Adobe prints
  // them (sic), Mapping specs that declare mappingId only, and attributes with no isDraftModeSupported key at all — the
  // draft dataflow page drafts a flow of c1a19761 (https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/draft).
  // No schedule and no options (streaming flows run continuously). `uiAttributes.apiFeatures` is the UI's and is not
  // enforced: the draft page patches and deletes such a flow.
  {
    id: "c1a19761-d2c7-4702-b9fa-fe91f0613e81",
    name: "Steam data with transformation",
    providerId: STREAMING_PROVIDER,
    version: "1.0",
    sourceConnectionSpecIds: ["d27d4907-7351-47dd-bbc2-05a04365703d", "51ae16c2-bdad-42fd-9fce-8d5dfddaf140", HTTP_STREAMING],
    targetConnectionSpecIds: [DATA_LAKE],
    transformationSpecs: [
      {
        name: "Mapping",
        spec: {
          $schema: SCHEMA,
          type: "object",
          description: "defines various params required for different mapping from Raw to XDM",
          properties: { mappingId: { type: "string" } },
          required: ["mappingId"],
        },
      },
    ],
    attributes: { uiAttributes: { apiFeatures: { updateSupported: false, flowRunsSupported: false } } },
    permissionsInfo: streamingPermissions,
  },
  {
    id: "d69717ba-71b4-4313-b654-49f9cf126d7a",
    name: "Stream data with optional transformation",
    providerId: STREAMING_PROVIDER,
    version: "1.0",
    sourceConnectionSpecIds: [
      HTTP_STREAMING,
      "bf9f5905-92b7-48bf-bf20-455bc6b60a4e",
      "86043421-563b-46ec-8e6c-e23184711bf6",
      "70116022-a743-464a-bbfe-e226a7f8210c",
    ],
    targetConnectionSpecIds: ["bf9f5905-92b7-48bf-bf20-455bc6b60a4e", DATA_LAKE, "db4fe783-ef79-4a12-bda9-32b2b1bc3b2c"],
    transformationSpecs: [
      {
        name: "Mapping",
        spec: {
          $schema: SCHEMA,
          type: "object",
          description: "defines various params required for different mapping from source to target",
          properties: { mappingId: { type: "string" } },
        },
      },
    ],
    attributes: { uiAttributes: { apiFeatures: { flowRunsSupported: false } } },
    permissionsInfo: streamingPermissions,
  },
  // The HTTP API tutorial (…/api/create/streaming/http.md) creates flows of d8a6f005 without transformations and prints
  // no spec; "Stream data without transformation" is the name Adobe's aepp documentation lists beside the two above.
  {
    id: "d8a6f005-7eaf-4153-983e-e8574508b877",
    name: "Stream data without transformation",
    providerId: STREAMING_PROVIDER,
    version: "1.0",
    sourceConnectionSpecIds: [HTTP_STREAMING],
    targetConnectionSpecIds: [DATA_LAKE],
    attributes: {},
  },
];

// Each connection spec's auth spec follows the connector's base-connection tutorial (names, params, required ones);
// which params are secrets (`format: "password"`) follows the auth spec guide cited above. Adobe documents
// `isDraftModeSupported` as an attribute to check, not its value per connector: true here for the connectors whose
// tutorials draft (cloud storage, CRM, databases, the data lake), absent for HTTP API streaming (no page prints it).
const secret = { type: "string", format: "password" };
const text = { type: "string" };

function authSpec(name: string, properties: Record<string, unknown>, required: string[]) {
  return { name, type: name, spec: { $schema: SCHEMA, type: "object", properties, required } };
}

const fileSource = {
  name: "FileSystem",
  type: "FileSystem",
  spec: {
    $schema: SCHEMA,
    type: "object",
    properties: { path: text, type: { type: "string", enum: ["file", "folder"] }, recursive: { type: "boolean" } },
    required: ["path"],
  },
};
const tableSource = {
  name: "Tabular",
  type: "Tabular",
  spec: {
    $schema: SCHEMA,
    type: "object",
    properties: { tableName: text, columns: { type: "array" }, cdcEnabled: { type: "boolean" }, filters: { type: "object" } },
    required: ["tableName"],
  },
};
const cloud = (isDraftModeSupported = true) => ({ category: "CloudStorage", isSource: true, isDraftModeSupported });

export const CONNECTION_SPECS: ConnectionSpec[] = [
  // https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/create/cloud-storage/s3
  {
    id: AMAZON_S3,
    name: "amazon-s3",
    providerId: PROVIDER,
    version: "1.0",
    authSpec: [
      authSpec("Access Key", { s3AccessKey: text, s3SecretKey: secret, s3SessionToken: secret, serviceUrl: text }, [
        "s3AccessKey",
        "s3SecretKey",
      ]),
    ],
    sourceSpec: fileSource,
    attributes: cloud(),
  },
  // https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/create/cloud-storage/blob (account key).
  {
    id: "4c10e202-c428-4796-9208-5f1f5732b1cf",
    name: "azure-blob",
    providerId: PROVIDER,
    version: "1.0",
    authSpec: [authSpec("ConnectionString", { connectionString: secret, container: text, folderPath: text }, ["connectionString"])],
    sourceSpec: fileSource,
    attributes: cloud(),
  },
  // Auth spec name and params as the ADLS Gen2 tutorial's request sends them (experience-platform.en
  // help/sources/tutorials/api/create/cloud-storage/adls-gen2.md).
  {
    id: "b3ba5556-48be-44b7-8b85-ff2b69b46dc4",
    name: "adls-gen2",
    providerId: PROVIDER,
    version: "1.0",
    authSpec: [
      authSpec("Basic Authentication for adls-gen2", { url: text, servicePrincipalId: text, servicePrincipalKey: secret, tenant: text }, [
        "url",
        "servicePrincipalId",
        "servicePrincipalKey",
        "tenant",
      ]),
    ],
    sourceSpec: fileSource,
    attributes: cloud(),
  },
  // Auth spec name and params as the request of
  // https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/create/cloud-storage/google
  // sends them ("GoogleCloudStorageAuth" is the auth spec of the Google Cloud Storage *destination*, not this source).
  {
    id: "32e8f412-cdf7-464c-9885-78184cb113fd",
    name: "google-cloud",
    providerId: PROVIDER,
    version: "1.0",
    authSpec: [
      authSpec("Basic Authentication for google-cloud", { accessKeyId: text, secretAccessKey: secret }, ["accessKeyId", "secretAccessKey"]),
    ],
    sourceSpec: fileSource,
    attributes: cloud(),
  },
  // The draft tutorial's connection spec declares `userid`; its request and the credentials table of
  // https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/create/cloud-storage/azure-file-storage
  // say `userId`. The declared casing is kept.
  {
    id: "be5ec48c-5b78-49d5-b8fa-7c89ec4569b8",
    name: "azure-file-storage",
    providerId: PROVIDER,
    version: "1.0",
    authSpec: [authSpec("Basic Authentication", { host: text, userid: text, password: secret }, ["host", "userid", "password"])],
    sourceSpec: fileSource,
    attributes: cloud(),
  },
  // The SFTP tutorial (experience-platform.en help/sources/tutorials/api/create/cloud-storage/sftp.md): "The SFTP server
  // connection specification ID: b7bf2577-4520-42c9-bae9-cad01560f7bc", the id CloudStorageToAEP lists (the cloud storage
  // tutorial's table gives bf367b0d-…, which is the id the SFTP tutorial's response returns for the new base connection).
  // Auth spec name and `userName` as its request sends them (its table says `username`: the request is what the
  // service took).
  {
    id: "b7bf2577-4520-42c9-bae9-cad01560f7bc",
    name: "sftp",
    providerId: PROVIDER,
    version: "1.0",
    authSpec: [
      authSpec("Basic Authentication for sftp", { host: text, port: { type: "integer" }, userName: text, password: secret }, [
        "host",
        "userName",
        "password",
      ]),
    ],
    sourceSpec: fileSource,
    attributes: cloud(),
  },
  // The accounts update tutorial's Salesforce connection:
  // https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/update
  {
    id: SALESFORCE,
    name: "salesforce",
    providerId: PROVIDER,
    version: "1.0",
    authSpec: [
      authSpec("Basic Authentication", { environmentUrl: text, username: text, password: secret, securityToken: secret }, [
        "username",
        "password",
      ]),
    ],
    sourceSpec: tableSource,
    attributes: { category: "CRM", isSource: true, isDraftModeSupported: true },
  },
  // The BigQuery tutorial's credentials table says `clientID`, its request sends `clientId`: the request is what the
  // service took, so its casing is the one declared here:
  // https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/create/databases/bigquery
  {
    id: "3c9b37f8-13a6-43d8-bad3-b863b941fedd",
    name: "google-big-query",
    providerId: PROVIDER,
    version: "1.0",
    authSpec: [
      authSpec("Basic Authentication", { project: text, clientId: text, clientSecret: secret, refreshToken: secret }, [
        "project",
        "clientId",
        "clientSecret",
        "refreshToken",
      ]),
    ],
    sourceSpec: tableSource,
    attributes: { category: "Database", isSource: true, isDraftModeSupported: true },
  },
  // https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/create/streaming/http
  {
    id: HTTP_STREAMING,
    name: "http-connector",
    providerId: STREAMING_PROVIDER,
    version: "1.0",
    authSpec: [
      authSpec(
        "Streaming Connection",
        { dataType: { type: "string", enum: ["xdm", "raw"] }, name: text, sourceId: text, authenticationRequired: { type: "boolean" } },
        ["dataType", "name"],
      ),
    ],
    attributes: { category: "Streaming", isSource: true },
  },
  // The data lake: no auth spec (no example carries a base connection); `dataSetId` required (the sources catalogue's
  // 1325); drafts supported, as the draft tutorial creates a draft target connection.
  {
    id: DATA_LAKE,
    name: "datalake",
    providerId: STREAMING_PROVIDER,
    version: "1.0",
    authSpec: [],
    targetSpec: {
      name: "DataLake",
      type: "DataLake",
      spec: { $schema: SCHEMA, type: "object", properties: { dataSetId: text }, required: ["dataSetId"] },
    },
    attributes: { category: "Destination", isSource: false, isDraftModeSupported: true },
  },
];

/**
 * Specs added for the life of one emulator (`startEmulator({ specs })`): a spec with something no documented spec shows
 * (an explicit `isDraftModeSupported: false`), for a test of what the service declares. Specs are organization
 * agnostic, so they are process-wide, as the documented ones; stopping the emulator removes them.
 */
const added = { flow: [] as FlowSpec[], connection: [] as ConnectionSpec[] };

/** Adds specs until the returned function is called. */
export function addSpecs(specs: { flow?: FlowSpec[]; connection?: ConnectionSpec[] }): () => void {
  added.flow.push(...(specs.flow ?? []));
  added.connection.push(...(specs.connection ?? []));
  return () => {
    added.flow = added.flow.filter((s) => !specs.flow?.includes(s));
    added.connection = added.connection.filter((s) => !specs.connection?.includes(s));
  };
}

/** Every flow spec served: Adobe's, then any added. */
export function flowSpecs(): FlowSpec[] {
  return [...FLOW_SPECS, ...added.flow];
}

/** Every connection spec served: Adobe's, then any added. */
export function connectionSpecs(): ConnectionSpec[] {
  return [...CONNECTION_SPECS, ...added.connection];
}

export function flowSpec(id: string): FlowSpec | undefined {
  return flowSpecs().find((s) => s.id === id);
}

export function connectionSpec(id: string): ConnectionSpec | undefined {
  return connectionSpecs().find((s) => s.id === id);
}
