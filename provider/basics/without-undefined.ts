/** A copy without the keys whose value is undefined: protobuf, JSON answers and XML building want none. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}
