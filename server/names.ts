/**
 * Display names and the room user ids made from them. An attendee types "Zoë O'Neil"; the room
 * shows that name and tags their calls "zoe-oneil": lower case, ASCII, hyphens, so the id reads
 * the same in the dashboard, the CSV and a `user_id` header.
 */
import slugify from "@sindresorhus/slugify";
import { LIMITS } from "../shared/workshop/protocol.ts";

export type NameCheck =
  { ok: true; displayName: string; userId: string } | { ok: false; message: string };

// Control and format characters (including bidi overrides) would let a name disguise itself or
// others on the projector.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

export function checkDisplayName(raw: string): NameCheck {
  const displayName = raw.normalize("NFC").trim().replace(/\s+/g, " ");
  if (displayName.length === 0) return { ok: false, message: "Type a display name to join." };
  if ([...displayName].length > LIMITS.displayNameMaxLength)
    return {
      ok: false,
      message: `Use at most ${LIMITS.displayNameMaxLength} characters for your display name.`,
    };
  if (INVISIBLE.test(displayName))
    return { ok: false, message: "Remove control or invisible characters from your display name." };
  // slugify transliterates (ø → o, ß → ss) and drops what it cannot spell in ASCII.
  const userId = slugify(displayName, {
    decamelize: false,
    // "O'Neil" reads as one word: "oneil", not "o-neil".
    customReplacements: [
      ["'", ""],
      ["’", ""],
    ],
  })
    .slice(0, LIMITS.userIdMaxLength)
    .replace(/-+$/, "");
  if (userId.length === 0)
    return {
      ok: false,
      message:
        "Use at least one letter or digit in your display name: it becomes your user id in the room.",
    };
  return { ok: true, displayName, userId };
}
