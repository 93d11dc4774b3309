/**
 * Simulated time, in milliseconds since the sandbox started. Downloads progress by this clock,
 * never by timers, so a test either runs it fast (`speed`) or moves it by hand (`manual`).
 */
export interface SandboxClock {
    /** Simulated milliseconds since start. */
    now(): number;
    /** Moves a manual clock forward; a running clock refuses. */
    advance(ms: number): void;
    /** The wall-clock time (`Date.now()` scale) at which simulated time `simulatedMs` is or was reached. */
    wallTimeAt(simulatedMs: number): number;
}
export type ClockMode = {
    readonly kind: "running";
    readonly speed: number;
} | {
    readonly kind: "manual";
};
export declare function createClock(mode: ClockMode): SandboxClock;
