/**
 * The program's `console`, formatted the same way in every runner. Node's own `console.log` uses
 * `util.inspect`, which a browser worker does not have; `node-inspect-extracted` is that code
 * extracted for the web, so both hosts format with it and print identical output.
 */
import { format } from "node-inspect-extracted";

type Write = (text: string) => void;

export function installConsole(write: Write): void {
  const line =
    (prefix = "") =>
    (...args: unknown[]) =>
      write(`${prefix}${format(...args)}\n`);
  const target = console as unknown as Record<string, unknown>;
  for (const name of ["log", "info", "debug", "trace"]) target[name] = line();
  for (const name of ["warn", "error"]) target[name] = line();
  target["table"] = line();
  target["dir"] = line();
}
