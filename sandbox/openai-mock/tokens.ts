/**
 * A tiny stand-in for OpenAI's BPE tokenizers (o200k_base / cl100k_base).
 *
 * A real tokenizer needs ~1 MB of merge tables, so we split text the way
 * o200k_base's pre-tokeniser does and estimate the merges inside each piece:
 * - a word (with its leading space or symbol) is one token up to 11 letters,
 *   then one more per 6 letters;
 * - digits come in groups of up to three;
 * - a run of punctuation is one token per 3 characters; a line-break run is one;
 * - CJK characters and emoji are one token each.
 *
 * Measured by tests/unit/sandbox/openai-mock/tokens.test.ts on 12 varied
 * English texts (prose, prompts, numbers, lists, code, JSON): within ±8% of
 * o200k_base and cl100k_base per text and 2% under in total (the test asserts
 * ±20% per text, ±10% in total). Long English documents come out 2-6% under.
 * Other languages are rougher (French -20%, Japanese +40%).
 */

const WORD_LETTERS_PER_TOKEN = 11;
const LONG_WORD_LETTERS_PER_TOKEN = 6;
const PUNCTUATION_PER_TOKEN = 3;

// o200k_base's own pre-tokeniser pattern (simplified): words keep one leading
// space or symbol and their contraction; digits in threes; symbol runs keep
// a leading space and trailing line breaks. Every character matches some
// alternative, so joining the pieces gives back the input text.
const CONTRACTION = "(?:'s|'t|'re|'ve|'m|'ll|'d)?";
const PRE_TOKEN = new RegExp(
  [
    `[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+${CONTRACTION}`,
    `[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*${CONTRACTION}`,
    "\\p{N}{1,3}",
    " ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*",
    "\\s*[\\r\\n]+",
    "\\s+(?!\\S)",
    "\\s+",
  ].join("|"),
  "gu",
);
const CJK = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/u;
const LETTER = /[\p{L}\p{M}]/u;

/** Splits text into token-sized pieces whose concatenation is the original text. */
export function tokenize(text: string): string[] {
  const pieces: string[] = [];
  for (const [piece] of text.matchAll(PRE_TOKEN)) {
    const chars = Array.from(piece);
    const lead = LETTER.test(chars[0] ?? "") ? 0 : 1;
    if (CJK.test(piece)) {
      // Scripts written without spaces: about one token per character.
      splitInto(pieces, chars, lead + 1, 1);
    } else if (LETTER.test(piece)) {
      splitInto(pieces, chars, lead + WORD_LETTERS_PER_TOKEN, LONG_WORD_LETTERS_PER_TOKEN);
    } else if (/^\s*$|^\p{N}/u.test(piece)) {
      pieces.push(piece);
    } else if (/[^\x00-\x7f]/.test(piece)) {
      // Emoji and other non-ASCII symbols: one or more tokens each.
      splitInto(pieces, chars, piece.startsWith(" ") ? 2 : 1, 1);
    } else {
      splitInto(pieces, chars, PUNCTUATION_PER_TOKEN, PUNCTUATION_PER_TOKEN);
    }
  }
  return pieces;
}

/** Estimated number of tokens in `text` (see the module comment for how close it is). */
export function countTokens(text: string): number {
  return tokenize(text).length;
}

/** Appends `chars` to `pieces` in groups: `firstLength` characters, then `restLength` at a time. */
function splitInto(
  pieces: string[],
  chars: string[],
  firstLength: number,
  restLength: number,
): void {
  pieces.push(chars.slice(0, firstLength).join(""));
  for (let i = firstLength; i < chars.length; i += restLength) {
    pieces.push(chars.slice(i, i + restLength).join(""));
  }
}
