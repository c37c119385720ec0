// Transitional states. Adobe's error catalogue names states a flow passes through after a write —
// updating, initializing, disabling, delete-finalizing — and refuses calls made during them:
// 1420 (state cannot be updated), 1421 (state cannot be transitioned), 1457/1458 (update or delete
// while delete-finalizing); `lastOperation` carries the progress.
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/flow-service-errors
// How long they last is not documented: the emulator keeps a flow in one for `transitionMs`.

export type TransitionalState = "updating" | "initializing" | "disabling" | "delete-finalizing";
export type SettledState = "draft" | "enabled" | "disabled";

/** The state each write passes through. Publish and enable initialise the flow's runs; the choice is the emulator's. */
export const TRANSITION_OF: Record<string, TransitionalState> = {
  update: "updating",
  publish: "initializing",
  enable: "initializing",
  disable: "disabling",
  delete: "delete-finalizing",
};

export interface Transition {
  state: TransitionalState;
  /** What the flow becomes once the transition ends; "deleted" removes it. */
  settlesTo: SettledState | "deleted";
  started: number;
  until: number;
}

export function percentCompleted(t: Transition, now: number): number {
  if (t.until <= t.started) return 100;
  return Math.min(99, Math.max(0, Math.floor(((now - t.started) / (t.until - t.started)) * 100)));
}
