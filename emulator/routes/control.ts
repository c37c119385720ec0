// The control plane for tests and the demo, under /__emulator: not part of Adobe's API, never
// journaled. Journal; stored flows, connections (credentials shown as fingerprints), mapping sets,
// datasets and schemas; edits, actions and deletes "as if in the AEP UI"; seeded entities and runs;
// faults, the rate limit, token expiry, the service's clock and behaviour switches, reset.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Behaviour, checkBehaviour } from "../behaviour";
import type { EmulatorClock } from "../clock";
import { EmulatorError } from "../errors";
import type { FaultInjector, FaultRule } from "../faults";
import type { TokenRegistry } from "../ims";
import type { Journal } from "../journal";
import type { ConnectionKind } from "../kinds/references";
import { Query, one } from "../pipeline";
import type { Platform } from "../platform";
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
      const store = d.platform.connections[kindOf(req)];
      return store.kind.controlView(store.seedChecked(sandboxName ?? "prod", d.orgId, connection, { id, state }) as never);
    }),
  );
  app.post(
    `${p}/connections/:kind/:id/edit`,
    control((req) => {
      const store = d.platform.connections[kindOf(req)];
      return store.kind.controlView(store.editOutOfBand(id(req), JSON.parse(String(req.body || "null")), sandboxOf(req)) as never);
    }),
  );
  app.post(
    `${p}/connections/:kind/:id/action`,
    control((req) => {
      const store = d.platform.connections[kindOf(req)];
      return store.kind.controlView(store.actionOutOfBand(id(req), String(one((req.query as Query).op)), sandboxOf(req)) as never);
    }),
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
      return d.platform.mappingSets.create(
        { sandboxName: sandboxName ?? "prod", orgId: d.orgId, clientId: "exc_app", roleLabels: "all" },
        mappingSet,
        id,
      );
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
  app.get(
    `${p}/datasets`,
    control(() => d.platform.datasets.all()),
  );
  app.post(
    `${p}/datasets`,
    control((req) => {
      const { sandboxName, dataset } = body(req) as { sandboxName?: string; dataset?: DatasetSeed };
      if (!dataset) throw new Error('expected {"sandboxName": "...", "dataset": {"name": "...", "schemaRef": {"id": "..."}}}');
      return d.platform.datasets.seed(sandboxName ?? "prod", dataset, d.orgId);
    }),
  );
  app.get(
    `${p}/schemas`,
    control(() => d.platform.schemas.all()),
  );
  app.post(
    `${p}/schemas`,
    control((req) => {
      const { sandboxName, schema } = body(req) as { sandboxName?: string; schema?: SchemaSeed };
      if (!schema) throw new Error('expected {"sandboxName": "...", "schema": {"title": "..."}}');
      return d.platform.schemas.seed(sandboxName ?? "prod", schema, d.orgId);
    }),
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
