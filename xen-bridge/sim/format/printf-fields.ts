/** The few printf conversions Xen's tools use, so formatters read like the C they mirror. */

/** `%Ns`/`%Nd`: right-aligned in width N, never truncated. */
export function right(value: string | number, width: number): string {
  return String(value).padStart(width);
}

/** `%-Ns`/`%-Nd`: left-aligned in width N, never truncated. */
export function left(value: string | number, width: number): string {
  return String(value).padEnd(width);
}

/** `%N.Df`. */
export function fixed(value: number, width: number, decimals: number): string {
  return value.toFixed(decimals).padStart(width);
}
