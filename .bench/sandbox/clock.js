"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createClock = createClock;
function createClock(mode) {
    const startedAt = Date.now();
    if (mode.kind === "manual") {
        let simulated = 0;
        // Each move, as [simulated after it, wall time of it]: a manual clock reaches a moment
        // when the move that passes it is made.
        const moves = [[0, startedAt]];
        return {
            now: () => simulated,
            advance(ms) {
                if (!(ms >= 0))
                    throw new RangeError(`cannot move the clock by ${ms} ms`);
                simulated += ms;
                moves.push([simulated, Date.now()]);
            },
            wallTimeAt: (simulatedMs) => (moves.find(([reached]) => reached >= simulatedMs) ?? moves[moves.length - 1])[1],
        };
    }
    if (!(mode.speed > 0))
        throw new RangeError(`speed must be a positive number, got ${mode.speed}`);
    const origin = performance.now();
    return {
        now: () => (performance.now() - origin) * mode.speed,
        advance() {
            throw new Error("the sandbox clock is running; start the sandbox with a manual clock to move it by hand");
        },
        wallTimeAt: (simulatedMs) => startedAt + simulatedMs / mode.speed,
    };
}
//# sourceMappingURL=clock.js.map