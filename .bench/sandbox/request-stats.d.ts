/** What reached the sandbox, for tests and benchmarks that count requests. */
export interface RequestCounts {
    /** HTTP requests of any kind, answered or refused. */
    httpRequests: number;
    /** Packets (HTTP requests) that held at least one operation of the given name. */
    readonly packetsByOperation: Record<string, number>;
    /** Operation elements by name: a packet with three download-package counts three. */
    readonly operationsByName: Record<string, number>;
    /** Packets refused whole, by Plesk system error code. */
    readonly systemErrors: Record<string, number>;
}
export declare function emptyCounts(): RequestCounts;
export declare function countOperations(counts: RequestCounts, operationNames: readonly string[]): void;
export declare function countSystemError(counts: RequestCounts, errcode: number): void;
