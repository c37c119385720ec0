// Catalog (`/data/foundation/catalog`), read-only here: `GET /dataSets` (an object keyed by dataset
// id) and `GET /dataSets/{id}` (`{id: {...}}`). Datasets are seeded by fixtures and the control plane.
// https://experienceleague.adobe.com/en/docs/experience-platform/catalog/api/filter-data
import type { FastifyInstance } from "fastify";
import { Query, one } from "../query";
import { RequestDeps, serve } from "../requests";
import { SERVICE_PREFIX } from "../services";
import type { DatasetStore } from "../store/datasets";

export function catalogRoutes(app: FastifyInstance, deps: RequestDeps, store: DatasetStore): void {
  const base = `${SERVICE_PREFIX.catalog}/dataSets`;
  app.get(base, (req, reply) =>
    serve(deps, "catalog", req, reply, (caller) => ({ status: 200, body: store.list(caller.sandboxName, req.query as Query) })),
  );
  app.get(`${base}/:id`, (req, reply) =>
    serve(deps, "catalog", req, reply, (caller) => ({
      status: 200,
      body: store.get(caller.sandboxName, (req.params as { id: string }).id, one((req.query as Query).properties)),
    })),
  );
}
