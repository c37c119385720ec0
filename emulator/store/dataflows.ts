// Dataflows per sandbox (`/flows`): the shared Flow Service lifecycle (store/entities.ts) with the
// dataflow kind (kinds/dataflow.ts), plus flows stored exactly as given, such as destination
// dataflows, which share `/flows` with source dataflows:
// https://experienceleague.adobe.com/en/docs/experience-platform/dataflows/api/sort-and-filter
import type { Behaviour } from "../behaviour";
import type { EmulatorClock } from "../clock";
import { StoredFlow, dataflowKind } from "../kinds/dataflow";
import type { References } from "../kinds/references";
import type { Sandboxes } from "../sandboxes";
import { EntityStore } from "./entities";

export class DataflowStore extends EntityStore<StoredFlow> {
  constructor(sandboxes: Sandboxes, clock: EmulatorClock, behaviour: () => Behaviour, refs: () => References) {
    super(dataflowKind, sandboxes, clock, behaviour, refs);
  }

  /** Control plane: a flow made elsewhere, stored as given. */
  seed(sandboxName: string, doc: Record<string, unknown>): StoredFlow {
    return this.seedAsGiven(sandboxName, doc, {
      sourceConnectionIds: [],
      targetConnectionIds: [],
      inheritedAttributes: {},
      runs: "/runs?property=flowId=={id}",
    });
  }

  /** Every flow of every sandbox, as stored. */
  override all(): StoredFlow[] {
    return super.all() as StoredFlow[];
  }
}
