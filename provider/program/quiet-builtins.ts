/**
 * Pulumi's closure serializer, which turns every dynamic resource's provider into `__provider`,
 * first requires each module Node has built in. On Node 22.5 and later that includes
 * `node:sqlite`, whose first load prints "ExperimentalWarning: SQLite is an experimental
 * feature" into every `pulumi preview` and `pulumi up` of a program, though nothing uses it.
 * Loaded here once with that one warning held back, the serializer finds it loaded and Node
 * says nothing; every other warning is printed as before.
 */
export function preloadBuiltinsQuietly(): void {
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === "string" ? warning : warning.message;
    if (/SQLite is an experimental feature/.test(text)) return;
    (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    // Undefined where Node has no such module; the serializer does not ask for it there.
    process.getBuiltinModule("node:sqlite");
  } finally {
    process.emitWarning = emitWarning;
  }
}
