// What a kind sends and reads back of the inputs its own conversions do not name: an input added to
// a declaration is sent in the create body (and in a PATCH when it is declared `patch`), read back in
// the form the program declared it, and so compared, with no other change than the declaration.
// Each kind names the inputs it converts itself (the API's form differs: a schedule's times, write-only
// credentials, a connection's filled data); the others are "plain". Pure.
import type { ResourceDeclaration } from "./declare";
import { patchableOf, sentOf } from "./declare";
import { inDeclaredForm, sameToApi } from "./normal-form";

/** The sent inputs of `declaration` that the kind's conversions do not name (`converted`). */
export function plainInputs(declaration: ResourceDeclaration, converted: readonly string[]): string[] {
  return sentOf(declaration).filter((key) => !converted.includes(key));
}

/** The plain inputs' part of a create body: each given value, as given. */
export function plainRequest(declaration: ResourceDeclaration, converted: readonly string[], inputs: object): Record<string, unknown> {
  const values = inputs as Record<string, unknown>;
  return Object.fromEntries(plainInputs(declaration, converted).flatMap((key) => (values[key] === undefined ? [] : [[key, values[key]]])));
}

/** The plain patchable inputs' part of a PATCH document: each given value, as given. */
export function plainDocument(declaration: ResourceDeclaration, converted: readonly string[], x: object): Record<string, unknown> {
  const patchable = new Set(patchableOf(declaration));
  const values = x as Record<string, unknown>;
  return Object.fromEntries(
    plainInputs(declaration, converted).flatMap((key) => (patchable.has(key) && values[key] !== undefined ? [[key, values[key]]] : [])),
  );
}

/** The plain inputs as read: each value the service gives, in the form `previous` (the program) declared it. */
export function plainRead(
  declaration: ResourceDeclaration,
  converted: readonly string[],
  remote: object,
  previous: object,
): Record<string, unknown> {
  const read = remote as Record<string, unknown>;
  const declared = previous as Record<string, unknown>;
  return Object.fromEntries(
    plainInputs(declaration, converted).flatMap((key) =>
      read[key] === undefined || read[key] === null ? [] : [[key, inDeclaredForm(read[key], declared[key])]],
    ),
  );
}

/** The plain inputs whose values differ between `a` and `b`, to the API (normal form). */
export function plainChanged(declaration: ResourceDeclaration, converted: readonly string[], a: object, b: object): string[] {
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  return plainInputs(declaration, converted).filter((key) => !sameToApi(x[key], y[key]));
}
