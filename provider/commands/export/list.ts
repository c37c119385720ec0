// Lists a sandbox's flows for the exporter, page by page, reporting progress.
import type { FlowServiceClient } from "../../adobe/client";
import type { Flow } from "../../adobe/types";

export interface ExportFilters {
  /** Regular expression matched against flow names (client-side: the API filters names only by equality). */
  name?: RegExp;
  flowSpecId?: string;
  state?: "draft" | "enabled" | "disabled";
}

/**
 * Source dataflows only: destination dataflows share `/flows` but have another schedule (`timeUnit`)
 * and other transformations, so a `Dataflow` cannot declare them. Adobe documents this filter:
 * https://experienceleague.adobe.com/en/docs/experience-platform/dataflows/api/sort-and-filter
 */
export const SOURCE_FLOWS = "inheritedAttributes.properties.isSourceFlow==true";

export interface Listed {
  flows: Flow[];
  /** Flows of the sandbox (within the filters) that are not source dataflows, left out. */
  skippedNotSource: number;
}

export async function listSandboxFlows(
  client: FlowServiceClient,
  sandboxName: string,
  filters: ExportFilters,
  progress: (listed: number, total: number) => void = () => undefined,
): Promise<Listed> {
  const narrowing = [
    ...(filters.flowSpecId ? [`flowSpec.id==${filters.flowSpecId}`] : []),
    ...(filters.state ? [`state==${filters.state}`] : []),
  ];
  const property = [SOURCE_FLOWS, ...narrowing];
  const all = await client.countFlows(narrowing, { sandboxName });
  const total = await client.countFlows(property, { sandboxName });
  const flows: Flow[] = [];
  let listed = 0;
  progress(0, total);
  for await (const page of client.listPages({ property, limit: 100, orderby: "createdAt" }, { sandboxName })) {
    listed += page.items.length;
    flows.push(...page.items.filter((f) => !filters.name || filters.name.test(f.name)));
    progress(listed, Math.max(total, listed));
  }
  return { flows, skippedNotSource: Math.max(0, all - total) };
}
