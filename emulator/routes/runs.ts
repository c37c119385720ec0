// `/runs`: a flow's executions, read-only here (`GET /runs?property=flowId==…`, `GET /runs/{id}`).
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/monitor
import type { FastifyInstance } from "fastify";
import { notFound } from "../errors";
import { Query, listPage } from "../query";
import { RequestDeps, serve } from "../requests";
import { SERVICE_PREFIX } from "../services";
import type { DataflowStore } from "../store/dataflows";
import type { RunStore } from "../store/runs";

export function runRoutes(app: FastifyInstance, deps: RequestDeps, runs: RunStore, flows: DataflowStore): void {
  const base = `${SERVICE_PREFIX.flowservice}/runs`;
  app.get(base, (req, reply) =>
    serve(deps, "flowservice", req, reply, (caller) => {
      // "If you do not have view access to a dataflow, then you will also be unable to view it's corresponding flow runs"
      // (https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/labels).
      const visible = new Set(flows.list(caller).map((f) => f.id));
      return {
        status: 200,
        body: listPage(
          runs.list(caller.sandboxName).filter((r) => visible.has(r.flowId)),
          req.query as Query,
          "/runs",
          deps.behaviour().listOrder,
        ),
      };
    }),
  );
  app.get(`${base}/:id`, (req, reply) =>
    serve(deps, "flowservice", req, reply, (caller) => {
      const id = (req.params as { id: string }).id;
      const run = runs.get(caller.sandboxName, id);
      // A run of a flow the caller cannot see is answered as missing, as a hidden flow is (the labels tutorial above).
      if (!flows.list(caller).some((f) => f.id === run.flowId)) throw notFound(id, "runs");
      return { status: 200, body: { items: [run] } };
    }),
  );
}
