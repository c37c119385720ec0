// `/flows`: https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/draft
// (create as a draft, PATCH with If-Match, publish), .../api-tutorials/update-dataflows (PATCH paths,
// enable/disable), .../api-tutorials/delete-dataflows (DELETE → 204), and the list semantics of
// https://experienceleague.adobe.com/en/docs/experience-platform/dataflows/api/sort-and-filter.
import type { FastifyInstance } from "fastify";
import { invalid } from "../errors";
import { PipelineDeps, Query, SERVICE_PREFIX, jsonBody, one, serve } from "../pipeline";
import { listPage } from "../query";
import type { FlowStore } from "../store/flows";

export function flowRoutes(app: FastifyInstance, deps: PipelineDeps, store: FlowStore): void {
  const flows = `${SERVICE_PREFIX.flowservice}/flows`;
  const id = (req: { params: unknown }) => (req.params as { id: string }).id;

  app.post(flows, (req, reply) =>
    serve(deps, "flowservice", req, reply, (caller) => {
      const mode = one((req.query as Query).mode);
      if (mode !== undefined && mode !== "draft") throw invalid(`unknown mode "${mode}": only mode=draft is supported`);
      const flow = store.create(caller, jsonBody(req), mode === "draft");
      return { status: 201, body: { id: flow.id, etag: flow.etag }, headers: { Location: `${flows}/${flow.id}` } };
    }),
  );

  app.get(flows, (req, reply) =>
    serve(deps, "flowservice", req, reply, (caller) => ({ status: 200, body: listPage(store.list(caller), req.query as Query, "/flows") })),
  );

  // A single flow comes back in the list envelope {items: [flow]} (the update tutorial's GET).
  app.get(`${flows}/:id`, (req, reply) =>
    serve(deps, "flowservice", req, reply, (caller) => ({ status: 200, body: { items: [store.get(caller, id(req))] } })),
  );

  app.patch(`${flows}/:id`, (req, reply) =>
    serve(deps, "flowservice", req, reply, (caller) => {
      const flow = store.patch(caller, id(req), one(req.headers["if-match"]), jsonBody(req));
      return { status: 200, body: { id: flow.id, etag: flow.etag } };
    }),
  );

  app.post(`${flows}/:id/action`, (req, reply) =>
    serve(deps, "flowservice", req, reply, (caller) => {
      const op = one((req.query as Query).op);
      if (!op) throw invalid("the op query parameter is required (publish, enable or disable)");
      const flow = store.action(caller, id(req), op, one(req.headers["if-match"]));
      return { status: 200, body: { id: flow.id, etag: flow.etag } };
    }),
  );

  app.delete(`${flows}/:id`, (req, reply) =>
    serve(deps, "flowservice", req, reply, (caller) => {
      store.delete(caller, id(req));
      return { status: 204 };
    }),
  );
}
