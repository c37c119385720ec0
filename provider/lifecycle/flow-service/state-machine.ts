// The life of every Flow Service entity Adobe drafts, written once: created as a draft
// (`?mode=draft`) or published; a draft becomes enabled with `action?op=publish` and never returns
// to draft; a published flow is enabled ⇄ disabled with `op=enable|disable` (connections have no
// such actions). After a write the service may pass through a transitional state (updating,
// initializing, disabling, delete-finalizing) before it settles. Pure.
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/draft
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/update-dataflows
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/flow-service-errors
import type { FlowAction } from "../../adobe/types";

export type EntityAction = FlowAction;

/** The states an entity rests in; any other state the API reports is transitional. */
export const SETTLED_STATES: ReadonlySet<string> = new Set(["draft", "enabled", "disabled"]);

/** The state each action leads to. */
export const ACTION_TARGET: Readonly<Record<EntityAction, "enabled" | "disabled">> = {
  publish: "enabled",
  enable: "enabled",
  disable: "disabled",
};

/** What is known of an entity's state: the API's `state` when it was read, else the declared flags. */
export interface StateView {
  state?: string;
  draft?: boolean;
  enabled?: boolean;
}

/** What the program declares: `draft`, and for kinds that can be disabled, `enabled`. */
export interface DeclaredState {
  draft: boolean;
  enabled?: boolean;
}

export function isTransitional(state: string | undefined): boolean {
  return state !== undefined && !SETTLED_STATES.has(state);
}

/** Whether a published entity runs: from its last known state, else from the declared flag. */
export function isEnabled(o: StateView): boolean {
  if (o.state === "enabled") return true;
  if (o.state === "disabled") return false;
  return o.enabled ?? true;
}

function wasDraft(o: StateView): boolean {
  return o.state !== undefined ? o.state === "draft" : o.draft !== false;
}

/**
 * The actions that bring an entity from `olds` to what `news` declares: publish when `draft` flips
 * to false, then (kinds that can be disabled) enable or disable. A published entity never goes back
 * to draft: check refuses that before any plan is made.
 */
export function planActions(olds: StateView, news: DeclaredState, canDisable: boolean): EntityAction[] {
  if (news.draft) return [];
  const enabled = canDisable ? (news.enabled ?? true) : true;
  if (wasDraft(olds)) return enabled ? ["publish"] : ["publish", "disable"];
  if (!canDisable || isEnabled(olds) === enabled) return [];
  return [enabled ? "enable" : "disable"];
}

/**
 * The actions once the entity has been read again in the middle of an update (after a 412 or an
 * unknown outcome). The declared state is reached from where the entity really is; but when the
 * update itself asked for no state change, a state changed outside Pulumi (disabled in the AEP UI)
 * is someone else's edit: it is kept and recorded, and the next preview shows the difference.
 */
export function planActionsAfterRead(olds: StateView, remote: StateView, news: DeclaredState, canDisable: boolean): EntityAction[] {
  if (planActions(olds, news, canDisable).length === 0) return [];
  return planActions(remote, news, canDisable);
}

/** The state flags once an action landed. */
export function afterAction(action: EntityAction): { state: string; draft: false; enabled: boolean } {
  const state = ACTION_TARGET[action];
  return { state, draft: false, enabled: state === "enabled" };
}

/** The state an entity is in once the actions of a plan have run. */
export function resultingState(draft: boolean, enabled: boolean): string {
  return draft ? "draft" : enabled ? "enabled" : "disabled";
}

/**
 * The settled state a transitional one leads to: disabling → disabled, initializing and enabling →
 * enabled (publish and enable), updating and inProgress → what it was, delete-finalizing → gone.
 * Unknown states: undefined.
 */
export function settledTarget(state: string, before: string | undefined): string | undefined {
  if (SETTLED_STATES.has(state)) return state;
  if (state === "disabling") return "disabled";
  if (state === "initializing" || state === "enabling" || state === "enabled-finalizing") return "enabled";
  if (state === "updating" || state === "inProgress") return before && SETTLED_STATES.has(before) ? before : undefined;
  if (state === "delete-finalizing") return "deleted";
  return undefined;
}
