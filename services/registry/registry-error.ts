/** Why the registry refused a request, so callers (the command table) can react without reading messages. */
export type RegistryErrorKind =
  | 'invalid-name'
  | 'name-in-use'
  | 'no-such-qube'
  | 'no-such-property'
  | 'invalid-value'
  | 'read-only'
  | 'qube-running'
  | 'in-use'
  | 'invalid-document'
  | 'unsupported-schema';

export class RegistryError extends Error {
  override readonly name = 'RegistryError';
  constructor(
    readonly kind: RegistryErrorKind,
    message: string,
    /** The qube concerned, when there is one. */
    readonly qube?: string,
    /** The property (or global, tag, feature) concerned, when there is one. */
    readonly property?: string,
    readonly value?: unknown,
  ) {
    super(message);
  }
}

/** The message every property refusal uses: qube, property and value are always named. */
export function invalidValue(qube: string, property: string, value: unknown, reason: string): RegistryError {
  return new RegistryError('invalid-value', `${qube}: cannot set ${property} to ${JSON.stringify(value)}: ${reason}`, qube, property, value);
}
