// The control plane for tests and the demo, under /__emulator: not part of Adobe's API, never
// journaled. Journal; stored flows, connections (credentials shown as fingerprints), mapping sets,
// datasets, schemas, field groups and descriptors; edits, actions and deletes "as if in the AEP UI"; seeded entities and runs;
// faults, the rate limit, token expiry, the service's clock and behaviour switches, reset.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Behaviour, checkBehaviour } from "../behaviour";
import { uiCaller } from "../caller";
import type { EmulatorClock } from "../clock";
import { EmulatorError } from "../errors";
import type { FaultInjector, FaultRule } from "../faults";
import type { TokenRegistry } from "../ims";
import type { Journal } from "../journal";
import type { StoredEntity } from "../kinds/entity";
import type { ConnectionKind } from "../kinds/references";
import type { ConnectionStores, Platform } from "../platform";
import { Query, one } from "../query";
import type { DatasetSeed } from "../store/datasets";
import type { RunSeed } from "../store/runs";
import type { SchemaSeed } from "../store/schemas";
import type { SettledState } from "../transitions";

export const CONTROL_PREFIX = "/__emulator";

export interface ControlDeps {
  platform: Platform;
  /** The org entities seeded through the control plane belong to. */
  orgId: string;
  tokens: TokenRegistry;
  journal: Journal;
  faults: FaultInjector;
  clock: EmulatorClock;
  behaviour: { get(): Behaviour; set(update: Partial<Behaviour>): void };
  reset(): void;
}

/** A store the control plane lists and seeds into a sandbox, as the org `orgId`. */
interface SeededStore<S> {
  all(): unknown;
  seed(sandboxName: string, seed: S, orgId: string): unknown;
}

export function controlRoutes(app: FastifyInstance, d: ControlDeps): void {
  const control = (handler: (req: FastifyRequest) => unknown) => async (req: FastifyRequest, reply: FastifyReply) => {
    try {
      const result = await handler(req);
      await reply.code(result === undefined ? 204 : 200).send(result ?? "");
    } catch (err) {
      const e = err instanceof EmulatorError ? err : new EmulatorError(400, { message: (err as Error).message });
      await reply.code(e.status).send(e.body);
    }
  };
  const body = (req: FastifyRequest): Record<string, unknown> => {
    const raw = typeof req.body === "string" && req.body.length > 0 ? req.body : undefined;
    return raw === undefined ? {} : (JSON.parse(raw) as Record<string, unknown>);
  };
  const id = (req: FastifyRequest) => (req.params as { id: string }).id;
  const p = CONTROL_PREFIX;
  const flows = d.platform.flows;
  const sandboxOf = (req: FastifyRequest) => one((req.query as Query).sandbox);
  const kindOf = (req: FastifyRequest): ConnectionKind => {
    const kind = (req.params as { kind: string }).kind;
    if (kind !== "base" && kind !== "source" && kind !== "target")
      throw new Error(`unknown connection kind "${kind}": base, source or target`);
    return kind;
  };
  /** What `write` makes of the store of the request's connection kind, as the control plane shows a connection. */
  const shown = (req: FastifyRequest, write: (store: ConnectionStores[ConnectionKind]) => StoredEntity) => {
    const store = d.platform.connections[kindOf(req)];
    return store.kind.controlView(write(store) as never);
  };

  app.get(
    `${p}/journal`,
    control(() => d.journal.list()),
  );
  app.delete(
    `${p}/journal`,
    control(() => void d.journal.clear()),
  );
  app.get(
    `${p}/flows`,
    control(() => flows.all()),
  );
  app.post(
    `${p}/flows`,
    control((req) => {
      const { sandboxName, flow } = body(req) as { sandboxName?: string; flow?: Record<string, unknown> };
      if (!flow) throw new Error('expected {"sandboxName": "...", "flow": {...}}');
      return flows.seed(sandboxName ?? "prod", flow);
    }),
  );
  app.post(
    `${p}/flows/:id/edit`,
    control((req) => flows.editOutOfBand(id(req), JSON.parse(String(req.body || "null")))),
  );
  app.post(
    `${p}/flows/:id/action`,
    control((req) => flows.actionOutOfBand(id(req), String(one((req.query as Query).op)))),
  );
  app.delete(
    `${p}/flows/:id`,
    control((req) => void flows.deleteOutOfBand(id(req))),
  );
  // Connections by kind (base, source, target); `?sandbox=` names the sandbox when an id is in several.
  app.get(
    `${p}/connections/:kind`,
    control((req) => d.platform.connections[kindOf(req)].all()),
  );
  app.post(
    `${p}/connections/:kind`,
    control((req) => {
      const { sandboxName, connection, id, state } = body(req) as {
        sandboxName?: string;
        connection?: Record<string, unknown>;
        id?: string;
        state?: SettledState;
      };
      if (!connection)
        throw new Error('expected {"sandboxName": "...", "connection": {...create body...}, "id"?: "...", "state"?: "draft"}');
      return shown(req, (store) => store.seedChecked(sandboxName ?? "prod", d.orgId, connection, { id, state }));
    }),
  );
  app.post(
    `${p}/connections/:kind/:id/edit`,
    control((req) => shown(req, (store) => store.editOutOfBand(id(req), JSON.parse(String(req.body || "null")), sandboxOf(req)))),
  );
  app.post(
    `${p}/connections/:kind/:id/action`,
    control((req) => shown(req, (store) => store.actionOutOfBand(id(req), String(one((req.query as Query).op)), sandboxOf(req)))),
  );
  app.delete(
    `${p}/connections/:kind/:id`,
    control((req) => void d.platform.connections[kindOf(req)].deleteOutOfBand(id(req), sandboxOf(req))),
  );
  app.get(
    `${p}/mapping-sets`,
    control(() => d.platform.mappingSets.all()),
  );
  app.post(
    `${p}/mapping-sets`,
    control((req) => {
      const { sandboxName, mappingSet, id } = body(req) as { sandboxName?: string; mappingSet?: unknown; id?: string };
      if (!mappingSet) throw new Error('expected {"sandboxName": "...", "mappingSet": {...create body...}, "id"?: "<32 hex>"}');
      return d.platform.mappingSets.create(uiCaller(sandboxName ?? "prod", d.orgId), mappingSet, id);
    }),
  );
  app.put(
    `${p}/mapping-sets/:id`,
    control((req) => d.platform.mappingSets.replaceOutOfBand(id(req), JSON.parse(String(req.body || "null")), sandboxOf(req))),
  );
  app.delete(
    `${p}/mapping-sets/:id`,
    control((req) => void d.platform.mappingSets.deleteOutOfBand(id(req), sandboxOf(req))),
  );
  // Catalog datasets and Schema Registry schemas: listed and seeded here.
  const seeded = <S>(path: string, key: string, shape: string, store: SeededStore<S>) => {
    app.get(
      `${p}/${path}`,
      control(() => store.all()),
    );
    app.post(
      `${p}/${path}`,
      control((req) => {
        const { sandboxName, [key]: seed } = body(req) as { sandboxName?: string } & Record<string, unknown>;
        if (!seed) throw new Error(`expected {"sandboxName": "...", "${key}": ${shape}}`);
        return store.seed(sandboxName ?? "prod", seed as S, d.orgId);
      }),
    );
  };
  seeded<DatasetSeed>("datasets", "dataset", '{"name": "...", "schemaRef": {"id": "..."}}', d.platform.datasets);
  seeded<SchemaSeed>("schemas", "schema", '{"title": "..."}', d.platform.schemas);
  // Field groups and descriptors, as written through the Schema Registry API (each with its sandboxName).
  app.get(
    `${p}/field-groups`,
    control(() => d.platform.registry.fieldGroups.all()),
  );
  app.get(
    `${p}/descriptors`,
    control(() => d.platform.registry.descriptors.all()),
  );
  app.post(
    `${p}/runs`,
    control((req) => d.platform.runs.seed(body(req) as unknown as RunSeed)),
  );
  app.get(
    `${p}/faults`,
    control(() => d.faults.active()),
  );
  app.post(
    `${p}/faults`,
    control((req) => ({ id: d.faults.add(body(req) as FaultRule) })),
  );
  app.delete(
    `${p}/faults`,
    control(() => void d.faults.clear()),
  );
  app.put(
    `${p}/rate-limit`,
    control((req) => {
      const { perSecond, retryAfter } = body(req) as { perSecond?: number; retryAfter?: string };
      d.faults.setRateLimit(perSecond, retryAfter);
    }),
  );
  app.post(
    `${p}/tokens/expire`,
    control(() => void d.tokens.expireAll()),
  );
  app.put(
    `${p}/clock`,
    control((req) => {
      // `{offsetMs}`: how far the service's clock is ahead of this machine's (negative: behind), in ms.
      const { offsetMs, ...rest } = body(req);
      if (Object.keys(rest).length || typeof offsetMs !== "number" || !Number.isFinite(offsetMs)) {
        throw new Error(`PUT ${p}/clock takes {"offsetMs": <milliseconds, a finite number>}; got ${JSON.stringify(body(req))}`);
      }
      d.clock.setOffset(offsetMs);
    }),
  );
  app.get(
    `${p}/behaviour`,
    control(() => d.behaviour.get()),
  );
  app.put(
    `${p}/behaviour`,
    control((req) => {
      d.behaviour.set(checkBehaviour(body(req)));
      return d.behaviour.get();
    }),
  );
  app.post(
    `${p}/reset`,
    control(() => void d.reset()),
  );
}
