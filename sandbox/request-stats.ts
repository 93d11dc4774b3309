/** What reached the sandbox, for tests and benchmarks that count requests. */
export interface RequestCounts {
  /** HTTP requests of any kind, answered or refused. */
  httpRequests: number;
  /** Packets (HTTP requests) that held at least one operation of the given name. */
  readonly packetsByOperation: Record<string, number>;
  /** Operation elements by name (`extension:install` for the extension operator's): a packet with three download-package counts three. */
  readonly operationsByName: Record<string, number>;
  /** `get-packages-list` operations asking for every package (no `package-id` in the filter). */
  wholeServerLists: number;
  /** `get-download-status` operations asking for every task of the download transaction (no `task-id`). */
  transactionLooks: number;
  /** Bytes of XML API answers sent. */
  answerBytes: number;
  /** Packets refused whole, by Plesk system error code. */
  readonly systemErrors: Record<string, number>;
  /** GetApp requests by route: `prepareDelivery`, `preparedDelivery`, `cache/delete`, `artifact`. */
  readonly getappRequests: Record<string, number>;
}

export function emptyCounts(): RequestCounts {
  return {
    httpRequests: 0,
    packetsByOperation: {},
    operationsByName: {},
    wholeServerLists: 0,
    transactionLooks: 0,
    answerBytes: 0,
    systemErrors: {},
    getappRequests: {},
  };
}

export function countOperations(counts: RequestCounts, operationNames: readonly string[]): void {
  for (const name of new Set(operationNames)) counts.packetsByOperation[name] = (counts.packetsByOperation[name] ?? 0) + 1;
  for (const name of operationNames) counts.operationsByName[name] = (counts.operationsByName[name] ?? 0) + 1;
}

export function countSystemError(counts: RequestCounts, errcode: number): void {
  counts.systemErrors[errcode] = (counts.systemErrors[errcode] ?? 0) + 1;
}
