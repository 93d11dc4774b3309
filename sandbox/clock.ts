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
  /** Settles once simulated time `simulatedMs` is reached. */
  reached(simulatedMs: number): Promise<void>;
}

/** How often a manual clock is looked at by those waiting on it. */
const MANUAL_LOOK_MS = 10;

export type ClockMode = { readonly kind: "running"; readonly speed: number } | { readonly kind: "manual" };

export function createClock(mode: ClockMode): SandboxClock {
  const startedAt = Date.now();
  if (mode.kind === "manual") {
    let simulated = 0;
    // Each move, as [simulated after it, wall time of it]: a manual clock reaches a moment
    // when the move that passes it is made.
    const moves: [number, number][] = [[0, startedAt]];
    return {
      now: () => simulated,
      advance(ms) {
        if (!(ms >= 0)) throw new RangeError(`cannot move the clock by ${ms} ms`);
        simulated += ms;
        moves.push([simulated, Date.now()]);
      },
      wallTimeAt: (simulatedMs) => (moves.find(([reached]) => reached >= simulatedMs) ?? moves[moves.length - 1])[1],
      reached: (simulatedMs) =>
        new Promise((resolve) => {
          const look = () => (simulated >= simulatedMs ? resolve() : setTimeout(look, MANUAL_LOOK_MS).unref());
          look();
        }),
    };
  }
  if (!(mode.speed > 0)) throw new RangeError(`speed must be a positive number, got ${mode.speed}`);
  const origin = performance.now();
  return {
    now: () => (performance.now() - origin) * mode.speed,
    advance() {
      throw new Error("the sandbox clock is running; start the sandbox with a manual clock to move it by hand");
    },
    wallTimeAt: (simulatedMs) => startedAt + simulatedMs / mode.speed,
    reached: (simulatedMs) =>
      new Promise((resolve) => setTimeout(resolve, Math.max(0, (simulatedMs - (performance.now() - origin) * mode.speed) / mode.speed))),
  };
}
