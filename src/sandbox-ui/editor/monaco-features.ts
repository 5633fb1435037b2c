/**
 * The editor contributions a teaching editor uses, instead of Monaco's `features/register.all`
 * (about 70 contributions: diff editor, code lens, colour picker, sticky scroll, inline
 * completions, command palette...). Each one adds script to parse and CSS to match before the
 * first editor can be shown, so only what a learner reaches for is here. Contributions attach
 * when an editor is constructed: this module must be evaluated before `monaco.editor.create`.
 */
// Typing and moving around.
import "monaco-editor/features/bracketMatching/register";
import "monaco-editor/features/clipboard/register";
import "monaco-editor/features/comment/register";
import "monaco-editor/features/contextmenu/register";
import "monaco-editor/features/cursorUndo/register";
import "monaco-editor/features/indentation/register";
import "monaco-editor/features/linesOperations/register";
import "monaco-editor/features/multicursor/register";
import "monaco-editor/features/smartSelect/register";
import "monaco-editor/features/wordOperations/register";
import "monaco-editor/features/find/register";
import "monaco-editor/features/readOnlyMessage/register";
// Ctrl+M (Tab moves focus): the keyboard way out of the editor (keyboard.ts).
import "monaco-editor/features/toggleTabFocusMode/register";
// What the TypeScript service shows: completions (with their snippets), hovers, signatures,
// highlights of the word under the caret, and F8 to walk through the errors.
import "monaco-editor/editor/contrib/suggest/browser/suggestController";
import "monaco-editor/features/suggest/register";
import "monaco-editor/features/snippet/register";
import "monaco-editor/features/hover/register";
import "monaco-editor/features/parameterHints/register";
import "monaco-editor/features/wordHighlighter/register";
import "monaco-editor/features/gotoError/register";
// The icons of the suggestion list and the find widget.
import "monaco-editor/features/codicon/register";
