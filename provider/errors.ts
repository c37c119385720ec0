// Errors the provider raises besides the client's FlowServiceError (provider/adobe/errors.ts); their
// messages are worded in provider/lifecycle/explain.ts.

/**
 * The entity exists (or was changed) but a later step failed. Pulumi's dynamic-provider host turns an
 * error carrying `id` and `properties` into a partial failure: the entity stays in state with these
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

/** Someone changed the entity outside Pulumi since the last update; Pulumi will not overwrite it. */
export class ConcurrentEditError extends Error {
  override readonly name = "ConcurrentEditError";
  constructor(
    /**
     * The entity's id. Not named `id`: Pulumi's dynamic-provider host takes an error carrying `id`
     * for a partial failure, records its `properties` as the resource's outputs and drops the message.
     */
    readonly entityId: string,
    /** Property paths that differ between the last state Pulumi saw and the entity now. */
    readonly properties: string[],
    message: string,
  ) {
    super(message);
  }
}

/** The entity is gone (deleted outside Pulumi, or hidden by an access label) while a step was under way against it. */
export class EntityGoneError extends Error {
  override readonly name = "EntityGoneError";
}

/**
 * The service refused a PATCH for what it touches, not for its values (a path this kind does not
 * take, or PATCH switched off for the connector). Nothing was changed; the entity can only be
 * replaced to take the change. The message is the update's; an adoption words its own.
 */
export class PatchRefusedError extends Error {
  override readonly name = "PatchRefusedError";
  constructor(
    /** Property paths the PATCH tried to change (`name`, `auth.params`). */
    readonly properties: string[],
    /** The service's answer, as `HTTP 400 FLOW-1365-400: <its message>`. */
    readonly answer: string,
    message: string,
  ) {
    super(message);
  }
}
