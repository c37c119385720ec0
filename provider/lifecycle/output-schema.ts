// The XDM schema an entity writes to, judging its inputs in `check`: a mapping set's destinations against the fields
// of its output schema (kinds/mapping-set/destinations.ts). The schema is read with `xed-full` (every field resolved),
// once per schema per run (context.ts), and only when the kind says a change makes it relevant, so a preview with no
// change to a mapping set costs no request. What it finds are warnings (rules.ts `mapping.destination.inSchema`):
// nothing here refuses, and a schema that cannot be read now is said, not fatal.
// https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/schemas
import { warning } from "../kinds/entity";
import type { CheckFailure, ResourceInputs } from "../kinds/kind";
import { label } from "../kinds/kind";
import { notice } from "./context";
import type { Served } from "./store";

/**
 * What the output schema's fields say of `inputs` (warnings only). Without the schema's `$id` yet (a preview of a
 * program that creates the schema in the same run), or when the Registry cannot be read now (no credentials in a
 * preview, the service unreachable), a notice says the destinations were not checked; a schema the Registry does not
 * have (404) is a warning on `outputSchema.schemaRef.id`.
 */
export async function judgeAgainstOutputSchema<I extends ResourceInputs, O extends I>(s: Served<I, O>, inputs: I): Promise<CheckFailure[]> {
  const rules = s.kind.outputSchema!;
  const what = label(s.kind, (inputs as { name?: string }).name, undefined, inputs.sandboxName);
  const ref = rules.ref(inputs);
  if (!ref) {
    notice(
      `${what}: destinations not checked against the output schema in this preview: its \`$id\` is not known yet (the ` +
        "schema is created or replaced in this run); `pulumi up` checks them before the mapping set is written.",
    );
    return [];
  }
  let schema;
  try {
    schema = await s.run.schemas.get(s.run.api(), ref.id, ref.major, inputs.sandboxName);
  } catch (err) {
    notice(
      `${what}: destinations not checked against the output schema ${ref.id} in this preview (${(err as Error).message}); ` +
        "`pulumi up` checks them before the mapping set is written.",
    );
    return [];
  }
  if (!schema) {
    const reason =
      `names no schema of sandbox ${inputs.sandboxName} (GET /tenant/schemas/… answered 404), so the destinations were not ` +
      "checked: check the id (look the schema up by title with getSchema, or take a Schema resource's `id`)";
    return [warning("mapping.destination.inSchema", "outputSchema.schemaRef.id", reason)];
  }
  return rules.failures(schema, inputs);
}
