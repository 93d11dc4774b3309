/**
 * The sandbox's own reading of "the highest version", written apart from the provider's so that
 * tests compare two implementations of the rule in docs/protocol.md, "Version order": version, then release; parts
 * split at `.`, `-`, `_` and digit/letter borders; numbers as integers; words lexically,
 * case-insensitively first; a word sorts below a missing part, which sorts below a number.
 */
export interface Versioned {
  readonly version?: string;
  readonly release?: string;
}

/** -1, 0 or 1 as `a` sorts below, with or above `b`. */
export function versionOrder(a: string | undefined, b: string | undefined): number {
  const left = tokens(a);
  const right = tokens(b);
  const length = Math.max(left.length, right.length);
  for (let i = 0; i < length; i++) {
    const order = tokenOrder(left[i], right[i]);
    if (order !== 0) return order;
  }
  return 0;
}

export function highestOf<T extends Versioned>(items: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const item of items) {
    if (best === undefined || (versionOrder(item.version, best.version) || versionOrder(item.release, best.release)) > 0) best = item;
  }
  return best;
}

function lexical(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function tokens(text: string | undefined): (bigint | string)[] {
  const result: (bigint | string)[] = [];
  for (const piece of (text ?? "").split(/[._-]+/)) {
    for (const run of piece.split(/(?<=\d)(?=\D)|(?<=\D)(?=\d)/)) {
      if (run !== "") result.push(/^\d+$/.test(run) ? BigInt(run) : run);
    }
  }
  return result;
}

/** word < missing < number */
function tokenOrder(a: bigint | string | undefined, b: bigint | string | undefined): number {
  const weight = (token: bigint | string | undefined) => (token === undefined ? 1 : typeof token === "bigint" ? 2 : 0);
  if (weight(a) !== weight(b)) return weight(a) < weight(b) ? -1 : 1;
  if (typeof a === "bigint" && typeof b === "bigint") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "string" && typeof b === "string") return lexical(a.toLowerCase(), b.toLowerCase()) || lexical(a, b);
  return 0;
}
