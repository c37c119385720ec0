// The entities every sandbox starts with: the connections, mapping sets, datasets and schemas whose
// ids the examples, the tests, the demo and the aepp contract test name. `startEmulator()` and
// `npm run emulator` seed EXAMPLE_FIXTURES by default (`fixtures: "none"` / `--fixtures none` for an
// empty emulator). Each sandbox gets the same ids, so one stack config works in any of them. (Adobe gives entities in
// each sandbox their own ids: sandbox tooling imports a flow as a new one. Clients must still look entities up by name.)
// The values under auth.params are local fakes; a GET never shows the secret ones.
import { AMAZON_S3, DATA_LAKE, HTTP_STREAMING, SALESFORCE } from "./specs";
import type { DatasetSeed } from "./store/datasets";
import type { SchemaSeed } from "./store/schemas";
import { TENANT } from "./store/schemas";
import type { SettledState } from "./transitions";

/** A connection to seed: its fixed id, the create body the API would take, and its state (default enabled). */
export interface ConnectionFixture {
  id: string;
  state?: SettledState;
  body: Record<string, unknown>;
}

/** A mapping set to seed: its fixed id (32 hex) and the create body Data Prep would take. */
export interface MappingSetFixture {
  id: string;
  body: Record<string, unknown>;
}

export interface Fixtures {
  schemas?: SchemaSeed[];
  datasets?: DatasetSeed[];
  baseConnections?: ConnectionFixture[];
  sourceConnections?: ConnectionFixture[];
  targetConnections?: ConnectionFixture[];
  mappingSets?: MappingSetFixture[];
}

const ORDERS_SCHEMA_HASH = "5d9f1c2a7b3e4f60a1b2c3d4e5f60718";
const CUSTOMERS_SCHEMA_HASH = "6e0a2d3b8c4f5071b2c3d4e5f6071829";

/** The fixed ids of EXAMPLE_FIXTURES, by what they are. */
export const FIXTURE_IDS = {
  schemas: {
    orders: `https://ns.adobe.com/${TENANT}/schemas/${ORDERS_SCHEMA_HASH}`,
    customers: `https://ns.adobe.com/${TENANT}/schemas/${CUSTOMERS_SCHEMA_HASH}`,
  },
  datasets: { orders: "5f3c3cedb2805c194ff0b69a", customers: "5f3c3cedb2805c194ff0b69b" },
  baseConnections: {
    s3: "0b5e7a10-4c2d-4e8f-9a1b-2c3d4e5f6a70",
    salesforce: "0b5e7a10-4c2d-4e8f-9a1b-2c3d4e5f6a71",
    httpStreaming: "0b5e7a10-4c2d-4e8f-9a1b-2c3d4e5f6a72",
  },
  /** Amazon S3 sources, for CloudStorageToAEP flows. */
  s3Sources: [
    "6f2f1c3e-1a2b-4c3d-8e9f-0a1b2c3d4e5f", // examples/quickstart, examples/gitops (orders), tests' SOURCE_ID
    "7a3b2d4f-2b3c-4d5e-9f0a-1b2c3d4e5f60", // tests' SOURCE_ID_2
    "5e1d0b2f-0a1b-4b2c-9d8e-f90a1b2c3d4e", // examples/gitops (returns)
    "9c0d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f", // tests/e2e/gitops: the connection a pull request switches to
    "0a0b0c0d-1111-4aaa-8bbb-000000000001", // tests/e2e/export: dev
    "0a0b0c0d-1111-4aaa-8bbb-000000000002",
    "1b1b1b1b-1111-4aaa-8bbb-000000000001", // tests/e2e/export: prod, after promotion
    "1b1b1b1b-1111-4aaa-8bbb-000000000002",
  ],
  /** Salesforce sources, for CRMToAEP flows (examples/promotion: dev, prod). */
  salesforceSources: ["1d6c2a11-5e0b-4b7e-9d2f-6a1f0c3b7e21", "3f8e4c33-7a2d-4d9a-9f4b-8c3b2e5d9a43"],
  /** An HTTP API streaming source, for the streaming flow specs. */
  httpStreamingSource: "0b5e7a10-4c2d-4e8f-9a1b-2c3d4e5f6a73",
  /** Data lake targets writing to the orders dataset. */
  ordersTargets: [
    "8b4c3e5a-3c4d-4e6f-8a1b-2c3d4e5f6071", // examples, tests' TARGET_ID
    "0a0b0c0d-2222-4aaa-8bbb-000000000003", // tests/e2e/export: dev
    "1b1b1b1b-2222-4aaa-8bbb-000000000003", // tests/e2e/export: prod
  ],
  /** Data lake targets writing to the customers dataset (examples/promotion: dev, prod). */
  customersTargets: ["2e7d3b22-6f1c-4c8f-8e3a-7b2a1d4c8f32", "4a9f5d44-8b3e-4eab-8a5c-9d4c3f6eab54"],
  /** Mapping sets to the orders schema (version 0). */
  ordersMappings: [
    "bf5286a9c1ad4266baca76ba3adc9366", // examples, tests' MAPPING
    "5c3d9e1f7a2b4c6d8e0f1a2b3c4d5e6f", // tests/e2e/export: dev
    "9f8e7d6c5b4a49388271605f4e3d2c1b", // tests/e2e/export: prod
  ],
  /** Mapping sets to the customers schema (examples/promotion: dev, prod). */
  customersMappings: ["0c1f5a7e9b3d4e2fa8c6b4d2e0f1a3c5", "7d2e6b8f0c4a4f3eb9d7c5e3f1a2b4d6"],
};

const SPEC_VERSION = "1.0";
const XED_FULL = "application/vnd.adobe.xed-full+json;version=1";

const s3Source = (id: string, i: number): ConnectionFixture => ({
  id,
  body: {
    name: `Orders files ${i + 1}`,
    baseConnectionId: FIXTURE_IDS.baseConnections.s3,
    data: { format: "delimited", properties: { columnDelimiter: ",", encoding: "UTF-8" } },
    params: { path: `/acme-orders-${i + 1}/in/*.csv`, type: "folder", recursive: true },
    connectionSpec: { id: AMAZON_S3, version: SPEC_VERSION },
  },
});

const salesforceSource = (id: string, i: number): ConnectionFixture => ({
  id,
  body: {
    name: `Salesforce contacts ${i + 1}`,
    baseConnectionId: FIXTURE_IDS.baseConnections.salesforce,
    data: { format: "tabular" },
    params: { tableName: "Contact" },
    connectionSpec: { id: SALESFORCE, version: SPEC_VERSION },
  },
});

const lakeTarget = (id: string, dataset: string, schema: string, name: string): ConnectionFixture => ({
  id,
  body: {
    name,
    data: { schema: { id: schema, version: XED_FULL } },
    params: { dataSetId: dataset },
    connectionSpec: { id: DATA_LAKE, version: SPEC_VERSION },
  },
});

const mapping = (id: string, schema: string, rules: [string, string][]): MappingSetFixture => ({
  id,
  body: {
    outputSchema: { schemaRef: { id: schema, contentType: XED_FULL } },
    mappings: rules.map(([source, destination]) => ({ sourceType: "ATTRIBUTE", source, destination })),
  },
});

export const EXAMPLE_FIXTURES: Fixtures = {
  schemas: [
    { hash: ORDERS_SCHEMA_HASH, title: "Orders", description: "Orders from cloud storage" },
    { hash: CUSTOMERS_SCHEMA_HASH, title: "Customers", description: "Customer profiles from the CRM" },
  ],
  datasets: [
    { id: FIXTURE_IDS.datasets.orders, name: "Orders dataset", schemaRef: { id: FIXTURE_IDS.schemas.orders } },
    { id: FIXTURE_IDS.datasets.customers, name: "Customers dataset", schemaRef: { id: FIXTURE_IDS.schemas.customers } },
  ],
  baseConnections: [
    {
      id: FIXTURE_IDS.baseConnections.s3,
      body: {
        name: "Orders bucket (S3)",
        auth: { specName: "Access Key", params: { s3AccessKey: "AKIAEMULATORFIXTURE", s3SecretKey: "emulator-fixture-s3-secret" } },
        connectionSpec: { id: AMAZON_S3, version: SPEC_VERSION },
      },
    },
    {
      id: FIXTURE_IDS.baseConnections.salesforce,
      body: {
        name: "CRM (Salesforce)",
        auth: {
          specName: "Basic Authentication",
          params: {
            environmentUrl: "login.salesforce.com",
            username: "fixture@example.com",
            password: "emulator-fixture-password",
            securityToken: "emulator-fixture-token",
          },
        },
        connectionSpec: { id: SALESFORCE, version: SPEC_VERSION },
      },
    },
    {
      id: FIXTURE_IDS.baseConnections.httpStreaming,
      body: {
        name: "Web events (HTTP API)",
        auth: { specName: "Streaming Connection", params: { dataType: "xdm", name: "Web events" } },
        connectionSpec: { id: HTTP_STREAMING, version: SPEC_VERSION },
      },
    },
  ],
  sourceConnections: [
    ...FIXTURE_IDS.s3Sources.map(s3Source),
    ...FIXTURE_IDS.salesforceSources.map(salesforceSource),
    {
      id: FIXTURE_IDS.httpStreamingSource,
      body: {
        name: "Web events",
        baseConnectionId: FIXTURE_IDS.baseConnections.httpStreaming,
        connectionSpec: { id: HTTP_STREAMING, version: SPEC_VERSION },
      },
    },
  ],
  targetConnections: [
    ...FIXTURE_IDS.ordersTargets.map((id, i) =>
      lakeTarget(id, FIXTURE_IDS.datasets.orders, FIXTURE_IDS.schemas.orders, `Orders dataset target ${i + 1}`),
    ),
    ...FIXTURE_IDS.customersTargets.map((id, i) =>
      lakeTarget(id, FIXTURE_IDS.datasets.customers, FIXTURE_IDS.schemas.customers, `Customers dataset target ${i + 1}`),
    ),
  ],
  mappingSets: [
    ...FIXTURE_IDS.ordersMappings.map((id) =>
      mapping(id, FIXTURE_IDS.schemas.orders, [
        ["order_id", "_id"],
        ["total", "commerce.order.priceTotal"],
      ]),
    ),
    ...FIXTURE_IDS.customersMappings.map((id) =>
      mapping(id, FIXTURE_IDS.schemas.customers, [
        ["Id", "_id"],
        ["Email", "personalEmail.address"],
      ]),
    ),
  ],
};

/** No fixtures: an empty emulator. */
export const NO_FIXTURES: Fixtures = {};
