// What every Flow Service entity carries, whatever its kind: the fields the one shared lifecycle
// (store/entities.ts) stamps on a create, a write and an action. Each kind adds its own (kinds/*.ts).

/** What every Flow Service entity carries (the spec's ConnectionItemDTO, FlowItemDTO, …). */
export interface StoredEntity {
  id: string;
  createdAt: number;
  updatedAt: number;
  createdBy: string;
  updatedBy: string;
  createdClient: string;
  updatedClient: string;
  sandboxId: string;
  sandboxName: string;
  imsOrgId: string;
  name?: string;
  description?: string;
  state: string;
  version: string;
  etag: string;
  labels?: string[];
  lastOperation: Record<string, unknown>;
  [extra: string]: unknown;
}
