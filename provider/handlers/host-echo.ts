/**
 * Pulumi's dynamic-provider host prints `${error}: ${error.stack}` to stderr for every failed
 * check, diff, read or delete, then hands the error to the engine, which shows it for the
 * resource: the user saw a raw "PleskApiError: …:" line beside the real one. The errors this
 * provider throws from those calls are remembered here, and the host's echo of exactly that
 * text is left out; anything else the host prints passes as it is.
 */
const ECHOES = "__pulumiPleskApsHostEchoes";

interface EchoRegistry {
  readonly expected: Set<string>;
}

function registry(): EchoRegistry {
  const holder = globalThis as { [ECHOES]?: EchoRegistry };
  if (holder[ECHOES] === undefined) {
    const echoes: EchoRegistry = { expected: new Set() };
    const print = console.error.bind(console);
    console.error = (...args: unknown[]) => {
      if (args.length === 1 && typeof args[0] === "string" && echoes.expected.delete(args[0])) return;
      print(...args);
    };
    holder[ECHOES] = echoes;
  }
  return holder[ECHOES];
}

/** Runs a call whose failure the host would echo; the echo of its error is left out. */
export async function withoutHostEcho<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof Error) registry().expected.add(`${String(error)}: ${error.stack}`);
    throw error;
  }
}
