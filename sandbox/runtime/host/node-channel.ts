/**
 * The signed event channel of a Node run (see shared/calls/channel-format.ts), shared by the
 * TypeScript host and the Python host: the run's key comes from the file PAYI_EVENT_KEY_FILE
 * names, which is read and deleted (and the variable removed) before the program exists; the
 * functions that write and sign are captured now, so a program's later changes to
 * `process.stdout` or `node:crypto` cannot reach them.
 */
import { createHmac, createSecretKey, randomBytes, type KeyObject } from "node:crypto";
import { readFileSync, unlinkSync } from "node:fs";
import { encodeEvent } from "../../../shared/calls/channel-format.ts";

export interface NodeChannel {
  /** Plain output. */
  write: (text: string) => void;
  /** One signed record: an event or a note about the run. */
  writeSigned: (record: Parameters<typeof encodeEvent>[0]) => void;
}

function takeRunKey(): KeyObject {
  const file = process.env["PAYI_EVENT_KEY_FILE"];
  delete process.env["PAYI_EVENT_KEY_FILE"];
  if (!file) {
    // Run by hand: the events are still written, but no reader can verify them.
    return createSecretKey(randomBytes(32));
  }
  const hex = readFileSync(file, "utf8").trim();
  unlinkSync(file);
  return createSecretKey(Buffer.from(hex, "hex"));
}

export function openNodeChannel(): NodeChannel {
  const stdoutWrite = process.stdout.write.bind(process.stdout);
  const write = (text: string) => void stdoutWrite(text);
  const hmacWith = createHmac;
  const key = takeRunKey();
  let counter = 0;
  return {
    write,
    writeSigned(record) {
      counter++;
      write(
        encodeEvent(record, counter, (part) => hmacWith("sha256", key).update(part).digest("hex")),
      );
    },
  };
}
