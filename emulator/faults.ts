// Fault injection: rules matched against incoming requests, and a requests-per-second limit that
// answers the gateway's 429.
import { SERVICES, Service } from "./services";

export interface FaultRule {
  /** Matches the service ("flowservice", "dataprep", "catalog", "schemaregistry", "ims"). Any when absent. */
  service?: Service;
  /** Matches the method, e.g. "PATCH". Any when absent. */
  method?: string;
  /** Regular expression matched against the path below the service root (`/flows/<id>/action`, `/ims/token/v3`). */
  path?: string;
  /** Matches the `op` query parameter of actions, case-insensitively. */
  op?: string;
  /** How many matching requests the rule affects (default 1). */
  times?: number;
  /** Answer with this status instead of processing the request. */
  status?: number;
  /** Body of that answer; an AEP-shaped body for the status by default. */
  body?: Record<string, unknown>;
  /** `Retry-After` header of that answer (delta-seconds or an HTTP date). */
  retryAfter?: string;
  /** Wait this long before handling the request (a slow server, or a client timeout when long). */
  delayMs?: number;
  /** Close the connection without answering and without processing (connection reset). */
  reset?: boolean;
  /** Process the request (the write is committed), then close the connection without answering. */
  dropResponse?: boolean;
}

export interface ActiveFault extends FaultRule {
  id: number;
  remaining: number;
}

export interface RequestFacts {
  service?: Service;
  method: string;
  path: string;
  op?: string;
}

export class FaultInjector {
  private rules: ActiveFault[] = [];
  private nextId = 1;
  private rateLimit?: { perSecond: number; retryAfter?: string };
  private recent: number[] = [];

  add(rule: FaultRule): number {
    if (rule.path !== undefined) new RegExp(rule.path); // reject a bad pattern when it is added
    // A misspelt service ("flow-service") would match no request, and the fault would silently never fire.
    if (rule.service !== undefined && !(SERVICES as readonly string[]).includes(rule.service)) {
      throw new Error(`fault rule: unknown service "${rule.service}"; expected one of ${SERVICES.join(", ")}`);
    }
    const id = this.nextId++;
    this.rules.push({ ...rule, id, remaining: rule.times ?? 1 });
    return id;
  }

  clear(): void {
    this.rules = [];
    this.rateLimit = undefined;
    this.recent = [];
  }

  active(): ActiveFault[] {
    return this.rules.map((r) => ({ ...r }));
  }

  setRateLimit(perSecond: number | undefined, retryAfter?: string): void {
    this.rateLimit = perSecond ? { perSecond, retryAfter } : undefined;
    this.recent = [];
  }

  /** The first matching rule, consumed by one use; undefined when none applies. */
  take(req: RequestFacts): ActiveFault | undefined {
    const rule = this.rules.find(
      (r) =>
        r.remaining > 0 &&
        (!r.service || r.service === req.service) &&
        (!r.method || r.method.toUpperCase() === req.method.toUpperCase()) &&
        (!r.path || new RegExp(r.path).test(req.path)) &&
        (!r.op || r.op.toLowerCase() === (req.op ?? "").toLowerCase()),
    );
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining === 0) this.rules = this.rules.filter((r) => r !== rule);
    return { ...rule };
  }

  /** Sliding one-second window: true when this request is over the limit. */
  overRateLimit(now = Date.now()): { limited: boolean; retryAfter?: string } {
    if (!this.rateLimit) return { limited: false };
    this.recent = this.recent.filter((t) => now - t < 1000);
    if (this.recent.length >= this.rateLimit.perSecond) return { limited: true, retryAfter: this.rateLimit.retryAfter };
    this.recent.push(now);
    return { limited: false };
  }
}
