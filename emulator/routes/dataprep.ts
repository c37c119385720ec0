// Data Prep (`/data/foundation/conversion`): mapping sets. `POST /mappingSets` → 200 (not 201) with
// a summary; `GET /mappingSets?limit=&start=`; `GET /mappingSets/{id}[?version=N&expandSchema=true]`
// → the bare object; `PUT /mappingSets/{id}` → the new version; `DELETE` per behaviour `mappingSetDelete`;
// `POST /mappingSets/validate` → one status per rule, nothing stored.
// https://experienceleague.adobe.com/en/docs/experience-platform/data-prep/api/mapping-set
import type { FastifyInstance } from "fastify";
import { platformError } from "../errors";
import { Query, one, queryFlag } from "../query";
import { RequestDeps, jsonBody, serve } from "../requests";
import { SERVICE_PREFIX } from "../services";
import type { MappingSetStore } from "../store/mapping-sets";

export function dataPrepRoutes(app: FastifyInstance, deps: RequestDeps, store: MappingSetStore): void {
  const base = `${SERVICE_PREFIX.dataprep}/mappingSets`;
  const id = (req: { params: unknown }) => (req.params as { id: string }).id;

  // 200, not 201: the spec's POST /mappingSets response. AEPP also sends ?validate=true|false; validation here is the same
  // either way.
  app.post(base, (req, reply) =>
    serve(deps, "dataprep", req, reply, (caller) => ({ status: 200, body: store.create(caller, jsonBody(req, deps.behaviour())) })),
  );

  // 200 with `validationResponse`, as the guide's "Validate mappings" and the spec's validateMappingSet show.
  app.post(`${base}/validate`, (req, reply) =>
    serve(deps, "dataprep", req, reply, (caller) => ({ status: 200, body: store.validate(caller, jsonBody(req, deps.behaviour())) })),
  );

  app.get(base, (req, reply) =>
    serve(deps, "dataprep", req, reply, (caller) => {
      const q = req.query as Query;
      return {
        status: 200,
        body: store.list(caller, {
          limit: one(q.limit),
          start: one(q.start),
          name: one(q.name),
          orderBy: one(q.orderBy),
          expandSchema: queryFlag(q.expandSchema),
        }),
      };
    }),
  );

  app.get(`${base}/:id`, (req, reply) =>
    serve(deps, "dataprep", req, reply, (caller) => {
      const q = req.query as Query;
      const raw = one(q.version);
      const version = raw === undefined ? undefined : Number(raw);
      // The spec declares `version` an integer; a bare 400 as Data Prep documents no body (errors.ts).
      if (version !== undefined && (!Number.isInteger(version) || version < 0)) throw platformError(400, `Invalid version ${raw}.`);
      return { status: 200, body: store.get(caller, id(req), version, queryFlag(q.expandSchema)) };
    }),
  );

  app.put(`${base}/:id`, (req, reply) =>
    serve(deps, "dataprep", req, reply, (caller) => ({
      status: 200,
      body: store.replace(caller, id(req), jsonBody(req, deps.behaviour())),
    })),
  );

  app.delete(`${base}/:id`, (req, reply) =>
    serve(deps, "dataprep", req, reply, (caller) => {
      store.delete(caller, id(req));
      // 204 as the Flow Service's deletes: no page documents this call's answer (behaviour `mappingSetDelete`).
      return { status: 204 };
    }),
  );
}
