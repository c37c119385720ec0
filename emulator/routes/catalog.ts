// Catalog (`/data/foundation/catalog`): datasets. `GET /dataSets` (an object keyed by dataset id),
// `GET /dataSets/{id}` (`{id: {...}}` with an `E-Tag` header), `POST /dataSets` (201, `Location`,
// `["@/dataSets/{id}"]`), `PATCH` (field mode or JSON Patch mode) and `PUT` (each with an optional
// `If-Match`), `DELETE` (200, `["@/dataSets/{id}"]`, or `[]` for an unknown id).
// https://experienceleague.adobe.com/en/docs/experience-platform/catalog/api/filter-data,
// https://experienceleague.adobe.com/en/docs/experience-platform/catalog/api/create-dataset,
// https://experienceleague.adobe.com/en/docs/experience-platform/catalog/api/update-object,
// https://experienceleague.adobe.com/en/docs/experience-platform/catalog/api/delete-object,
// https://experienceleague.adobe.com/en/docs/experience-platform/catalog/api/appendix
import type { FastifyInstance, FastifyRequest } from "fastify";
import { Query, one } from "../query";
import { RequestDeps, jsonBody, serve } from "../requests";
import { SERVICE_PREFIX } from "../services";
import type { DatasetStore } from "../store/datasets";

export function catalogRoutes(app: FastifyInstance, deps: RequestDeps, store: DatasetStore): void {
  const base = `${SERVICE_PREFIX.catalog}/dataSets`;
  const id = (req: FastifyRequest) => (req.params as { id: string }).id;
  const ifMatch = (req: FastifyRequest) => one(req.headers["if-match"]);

  app.get(base, (req, reply) =>
    serve(deps, "catalog", req, reply, (caller) => ({ status: 200, body: store.list(caller.sandboxName, req.query as Query) })),
  );
  // "Requests that retrieve a single object return an E-Tag header" (the appendix).
  app.get(`${base}/:id`, (req, reply) =>
    serve(deps, "catalog", req, reply, (caller) => {
      const body = store.get(caller.sandboxName, id(req), one((req.query as Query).properties));
      return { status: 200, body, headers: { "E-Tag": store.etag(caller.sandboxName, id(req))! } };
    }),
  );

  // 201 with the new object's link in the body and in `Location` (the Catalog spec's POST /dataSets).
  app.post(base, (req, reply) =>
    serve(deps, "catalog", req, reply, (caller) => {
      const made = store.create(caller.sandboxName, caller.orgId, jsonBody(req, deps.behaviour()));
      return { status: 201, body: made.refs, headers: { Location: `${base}/${made.id}` } };
    }),
  );

  // Field mode (application/json) or JSON Patch mode (application/json-patch+json), by the content type (update-object).
  app.patch(`${base}/:id`, (req, reply) =>
    serve(deps, "catalog", req, reply, (caller) => ({
      status: 200,
      body: store.patch(caller.sandboxName, id(req), jsonBody(req, deps.behaviour()), one(req.headers["content-type"]), ifMatch(req)),
    })),
  );

  app.put(`${base}/:id`, (req, reply) =>
    serve(deps, "catalog", req, reply, (caller) => ({
      status: 200,
      body: store.replace(caller.sandboxName, id(req), jsonBody(req, deps.behaviour()), ifMatch(req)),
    })),
  );

  // 200 either way: an id that does not exist answers an empty list, not a 404 (delete-object).
  app.delete(`${base}/:id`, (req, reply) =>
    serve(deps, "catalog", req, reply, (caller) => ({ status: 200, body: store.delete(caller.sandboxName, id(req)) })),
  );
}
