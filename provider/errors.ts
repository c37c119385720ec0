// Errors the provider raises besides the SDK's FlowServiceError.

/**
 * The flow exists (or was changed) but a later step failed. Pulumi's dynamic-provider host turns an
 * error carrying `id` and `properties` into a partial failure: the flow stays in state with these
 * outputs, so nothing is orphaned and the next `pulumi up` finishes the job.
 */
export class PartialFailureError extends Error {
  override readonly name = "PartialFailureError";
  constructor(
    readonly id: string,
    readonly properties: Record<string, unknown>,
    message: string,
  ) {
    super(message);
  }

  /** The host forwards these as the resource's init errors. */
  get reasons(): string[] {
    return [this.message];
  }
}

/** Someone changed the flow outside Pulumi since the last update; Pulumi will not overwrite it. */
export class ConcurrentEditError extends Error {
  override readonly name = "ConcurrentEditError";
  constructor(
    readonly flowId: string,
    /** Property paths that differ between the last state Pulumi saw and the flow now. */
    readonly properties: string[],
    message: string,
  ) {
    super(message);
  }
}

/** The flow was deleted outside Pulumi while an update was planned against it. */
export class FlowGoneError extends Error {
  override readonly name = "FlowGoneError";
}
