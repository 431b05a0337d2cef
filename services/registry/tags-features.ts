/** Tags and features: free-form labels and settings the policy and agents read, validated as Qubes' admin API does. */
const TAG_RE = /^[A-Za-z0-9_-]{1,64}$/;
const FEATURE_NAME_RE = /^[A-Za-z0-9_.-]{1,64}$/;
export const MAX_FEATURE_VALUE_LENGTH = 1024;

export function tagProblem(tag: string): string | null {
  return TAG_RE.test(tag) ? null : 'a tag is 1-64 letters, digits, "_" or "-"';
}

export function featureNameProblem(name: string): string | null {
  return FEATURE_NAME_RE.test(name) ? null : 'a feature name is 1-64 letters, digits, "_", "." or "-"';
}

export function featureValueProblem(value: string): string | null {
  if (value.length > MAX_FEATURE_VALUE_LENGTH) return `a feature value is at most ${MAX_FEATURE_VALUE_LENGTH} characters`;
  return /^[\x20-\x7e]*$/.test(value) ? null : 'a feature value is printable ASCII';
}
