// Lists a sandbox's flows for the exporter, page by page, reporting progress.
import type { FlowServiceClient } from "../../sdk/client";
import type { Flow } from "../../sdk/types";

export interface ExportFilters {
  /** Regular expression matched against flow names (client-side: the API filters names only by equality). */
  name?: RegExp;
  flowSpecId?: string;
  state?: "draft" | "enabled" | "disabled";
}

export async function listSandboxFlows(
  client: FlowServiceClient,
  sandboxName: string,
  filters: ExportFilters,
  progress: (listed: number, total: number) => void = () => undefined,
): Promise<Flow[]> {
  const property = [
    ...(filters.flowSpecId ? [`flowSpec.id==${filters.flowSpecId}`] : []),
    ...(filters.state ? [`state==${filters.state}`] : []),
  ];
  const total = await client.countFlows(property, { sandboxName });
  const flows: Flow[] = [];
  let listed = 0;
  progress(0, total);
  for await (const page of client.listPages({ property, limit: 100, orderby: "createdAt" }, { sandboxName })) {
    listed += page.items.length;
    flows.push(...page.items.filter((f) => !filters.name || filters.name.test(f.name)));
    progress(listed, Math.max(total, listed));
  }
  return flows;
}
