// Transitional states. Adobe's error catalogue names states an entity passes through after a write
// — a flow's updating, initializing, disabling, delete-finalizing; a base connection's initializing
// (1416, 1417) — and refuses calls made during them: 1420 (state cannot be updated), 1421 (state
// cannot be transitioned), 1457/1458 (update or delete while delete-finalizing); `lastOperation`
// carries the progress. The Flow Service spec adds inProgress, updating, enabling and disabling for
// source and target connections.
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/flow-service-errors
// How long they last is not documented: the emulator keeps an entity in one for `transitionMs`.

export type TransitionalState = "updating" | "initializing" | "disabling" | "enabling" | "inProgress" | "delete-finalizing";
export type SettledState = "draft" | "enabled" | "disabled";

export interface Transition {
  state: TransitionalState;
  /** What the entity becomes once the transition ends; "deleted" removes it. */
  settlesTo: SettledState | "deleted";
  started: number;
  until: number;
}

export function percentCompleted(t: Transition, now: number): number {
  if (t.until <= t.started) return 100;
  return Math.min(99, Math.max(0, Math.floor(((now - t.started) / (t.until - t.started)) * 100)));
}
