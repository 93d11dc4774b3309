/** The entries of `value` that are not undefined: XML answers and JSON leave absent fields out. */
export function definedOnly<T extends object>(value: T): T {
  const copy: Partial<T> = {};
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] !== undefined) copy[key] = value[key];
  return copy as T;
}
