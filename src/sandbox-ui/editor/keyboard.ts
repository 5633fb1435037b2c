/**
 * Keyboard behaviour on top of Monaco's: Ctrl/Cmd+Enter runs the program, and the editor never traps
 * keyboard users. Tab indents inside the editor (as learners expect from a code editor), so leaving
 * needs another way: Escape then Tab (or Shift+Tab), or Monaco's own Tab focus mode toggle.
 */
import type { MonacoEditorApi } from "./load-monaco.ts";

type Editor = ReturnType<MonacoEditorApi["editor"]["create"]>;

export function isMac(): boolean {
  const platform =
    (navigator as { userAgentData?: { platform?: string } }).userAgentData?.platform ??
    navigator.platform;
  return /mac|iphone|ipad/i.test(platform);
}

/** What a screen reader announces after the label, and what the hint on the page says. */
export function keyboardHelp(canRun: boolean): string {
  const mod = isMac() ? "Cmd" : "Ctrl";
  const toggle = isMac() ? "Ctrl+Shift+M" : "Ctrl+M";
  const run = canRun ? `${mod}+Enter runs the program. ` : "";
  return `${run}Tab indents; press Escape then Tab to leave the editor, or ${toggle} to make Tab move focus.`;
}

export function addRunShortcut(monaco: MonacoEditorApi, editor: Editor, onRun: () => void): void {
  // An action, not editor.addCommand: commands are page-wide and the last editor would win.
  editor.addAction({
    id: "payi.run-program",
    label: "Run program",
    keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter],
    run: () => onRun(),
  });
}

/** After Escape, the next Tab moves focus instead of indenting; any other key cancels that. */
export function letEscapeThenTabLeave(
  monaco: MonacoEditorApi,
  editor: Editor,
): { dispose(): void } {
  const { KeyCode } = monaco;
  let armed = false;
  const disarm = () => {
    if (!armed) return;
    armed = false;
    editor.updateOptions({ tabFocusMode: false });
  };
  const keys = editor.onKeyDown((event) => {
    if (event.keyCode === KeyCode.Escape) {
      armed = true;
      editor.updateOptions({ tabFocusMode: true });
    } else if (event.keyCode !== KeyCode.Tab && event.keyCode !== KeyCode.Shift) {
      disarm();
    }
  });
  const blur = editor.onDidBlurEditorText(disarm);
  return {
    dispose() {
      keys.dispose();
      blur.dispose();
    },
  };
}
