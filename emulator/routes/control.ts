// The control plane for tests and the demo, under /__emulator: not part of Adobe's API, never
// journaled. Journal, stored flows, edits and actions "as if in the AEP UI", seeded flows and runs,
// faults, the rate limit, token expiry, the service's clock and behaviour switches, reset.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Behaviour, checkBehaviour } from "../behaviour";
import type { EmulatorClock } from "../clock";
import { EmulatorError } from "../errors";
import type { FaultInjector, FaultRule } from "../faults";
import type { TokenRegistry } from "../ims";
import type { Journal } from "../journal";
import { Query, one } from "../pipeline";
import type { FlowStore } from "../store/flows";
import type { RunSeed, RunStore } from "../store/runs";

export const CONTROL_PREFIX = "/__emulator";

export interface ControlDeps {
  store: FlowStore;
  runs: RunStore;
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
    control(() => d.store.all()),
  );
  app.post(
    `${p}/flows`,
    control((req) => {
      const { sandboxName, flow } = body(req) as { sandboxName?: string; flow?: Record<string, unknown> };
      if (!flow) throw new Error('expected {"sandboxName": "...", "flow": {...}}');
      return d.store.seed(sandboxName ?? "prod", flow);
    }),
  );
  app.post(
    `${p}/flows/:id/edit`,
    control((req) => d.store.editOutOfBand(id(req), JSON.parse(String(req.body || "null")))),
  );
  app.post(
    `${p}/flows/:id/action`,
    control((req) => d.store.actionOutOfBand(id(req), String(one((req.query as Query).op)))),
  );
  app.delete(
    `${p}/flows/:id`,
    control((req) => void d.store.deleteOutOfBand(id(req))),
  );
  app.post(
    `${p}/runs`,
    control((req) => d.runs.seed(body(req) as unknown as RunSeed)),
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
    control((req) => void d.clock.setOffset(Number(body(req).offsetMs ?? 0))),
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
