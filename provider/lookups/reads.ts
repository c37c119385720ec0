// What each lookup reads (provider/lookups/declaration.ts declares what it gives): plain functions
// of a client and a sandbox, so the program-side lookups (sdk/nodejs/lookups.ts) and the provider
// plugin's invokes (`aep:index:getFlowSpec`, …) answer alike. A name that matches nothing, or more
// than one thing, fails with what was found.
import type { FlowServiceClient } from "../adobe/client";
import type { ConnectionSpec, FlowRun, FlowSpec } from "../adobe/types";
import type { GET_CONNECTION_SPEC, GET_DATASET, GET_FLOW_RUNS, GET_FLOW_SPEC, GET_SCHEMA, ResultOf } from "./declaration";

function exactlyOne<T extends { id: string }>(found: T[], what: string, where: string, hint: string): T {
  if (found.length === 1) return found[0];
  if (found.length === 0) throw new Error(`no ${what} ${where}. ${hint}`);
  throw new Error(
    `${found.length} ${what}s ${where} (${found.map((f) => f.id).join(", ")}): names are not unique there; give the id instead of a lookup, or rename one.`,
  );
}

/** The one flow or connection spec named exactly `name` (`GET /{collection}?property=name=="…"`). */
async function specNamed<T extends FlowSpec | ConnectionSpec>(
  client: FlowServiceClient,
  sandboxName: string,
  collection: "flowSpecs" | "connectionSpecs",
  name: string,
): Promise<T> {
  const flows = collection === "flowSpecs";
  return exactlyOne(
    await client.findSpecs<T>(collection, name, { sandboxName }),
    flows ? "flow spec" : "connection spec",
    `named "${name}"`,
    flows
      ? "Check the name (Adobe's source tutorials list them, e.g. CloudStorageToAEP)."
      : "Check the name (GET /connectionSpecs lists them).",
  );
}

/** What a spec lookup gives of any spec: its id, name, version (`"1.0"` when it gives none) and draft support. */
function specBasics(spec: FlowSpec | ConnectionSpec) {
  return {
    id: spec.id,
    name: spec.name,
    version: spec.version ?? "1.0",
    isDraftModeSupported: spec.attributes?.isDraftModeSupported === true,
  };
}

/**
 * The lookups' reads, by lookup name: each takes a client, the sandbox and the lookup's arguments,
 * and gives what its declaration says. Each throws when a name matches nothing or more than one
 * thing, listing what was found.
 */
export const LOOKUP_READS = {
  /** A flow spec by name (e.g. "CloudStorageToAEP"): `GET /flowSpecs?property=name=="…"`. */
  async getFlowSpec(client: FlowServiceClient, sandboxName: string, args: { name: string }): Promise<ResultOf<typeof GET_FLOW_SPEC>> {
    const spec = await specNamed<FlowSpec>(client, sandboxName, "flowSpecs", args.name);
    return {
      ...specBasics(spec),
      sourceConnectionSpecIds: spec.sourceConnectionSpecIds ?? [],
      targetConnectionSpecIds: spec.targetConnectionSpecIds ?? [],
    };
  },

  /** A connection spec by name (e.g. "amazon-s3"), with its auth specs and which of their params are secrets. */
  async getConnectionSpec(
    client: FlowServiceClient,
    sandboxName: string,
    args: { name: string },
  ): Promise<ResultOf<typeof GET_CONNECTION_SPEC>> {
    const spec = await specNamed<ConnectionSpec>(client, sandboxName, "connectionSpecs", args.name);
    return {
      ...specBasics(spec),
      authSpecs: (spec.authSpec ?? []).map((a) => {
        const properties = a.spec?.properties ?? {};
        return {
          name: a.name,
          params: Object.keys(properties),
          required: a.spec?.required ?? [],
          secretParams: Object.entries(properties)
            .filter(([, p]) => p?.format === "password")
            .map(([k]) => k),
        };
      }),
    };
  },

  /** The dataset named exactly `name` in the sandbox (Catalog; names are not unique, so more than one match fails). */
  async getDataset(client: FlowServiceClient, sandboxName: string, args: { name: string }): Promise<ResultOf<typeof GET_DATASET>> {
    const found = await client.findDatasets(args.name, { sandboxName });
    const d = exactlyOne(
      found,
      "dataset",
      `named "${args.name}" in sandbox ${sandboxName}`,
      "Create it (or check the name and aep:sandboxName).",
    );
    // A dataflow writes only to a dataset of an XDM schema (its mapping set and target connection name the schema), so a
    // dataset without one is no answer: the result says `schemaRef` is always there.
    if (!d.schemaRef?.id)
      throw new Error(
        `the dataset named "${args.name}" in sandbox ${sandboxName} (${d.id}) has no XDM schema (Catalog gives no schemaRef): ` +
          "no dataflow can write to it. Pick a dataset created from an XDM schema.",
      );
    return { id: d.id, name: d.name, schemaRef: d.schemaRef };
  },

  /** The tenant schema titled exactly `title` in the sandbox (Schema Registry). */
  async getSchema(client: FlowServiceClient, sandboxName: string, args: { title: string }): Promise<ResultOf<typeof GET_SCHEMA>> {
    const found = (await client.findSchemas(args.title, { sandboxName })).map((s) => ({ ...s, id: s.$id }));
    const s = exactlyOne(
      found,
      "schema",
      `titled "${args.title}" in sandbox ${sandboxName}`,
      "Create it (or check the title and aep:sandboxName).",
    );
    return { id: s.$id, altId: s["meta:altId"], title: s.title, version: s.version };
  },

  /**
   * A flow's latest runs, newest first (`GET /runs?property=flowId==…`): whether a published flow
   * is healthy. Adobe reports a run with failed records as a success: check `failedRecordCount`.
   * https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/monitor
   */
  async getFlowRuns(
    client: FlowServiceClient,
    sandboxName: string,
    args: { flowId: string; limit?: number },
  ): Promise<ResultOf<typeof GET_FLOW_RUNS>> {
    const runs = await client.listRuns(args.flowId, { sandboxName, limit: args.limit ?? 10 });
    return {
      runs: runs.map((r: FlowRun) => ({
        id: r.id,
        status: r.metrics?.statusSummary?.status ?? "unknown",
        startedAt: iso(r.metrics?.durationSummary?.startedAtUTC),
        completedAt: iso(r.metrics?.durationSummary?.completedAtUTC),
        inputRecordCount: r.metrics?.recordSummary?.inputRecordCount,
        outputRecordCount: r.metrics?.recordSummary?.outputRecordCount,
        failedRecordCount: r.metrics?.recordSummary?.failedRecordCount,
        errors: r.metrics?.statusSummary?.errors ?? [],
      })),
    };
  },
};

function iso(ms: number | undefined): string | undefined {
  return typeof ms === "number" ? new Date(ms).toISOString() : undefined;
}
