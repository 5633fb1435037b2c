// @ts-check
/**
 * Expressive Code (Starlight's code blocks). In a file of its own, not astro.config.mjs: the
 * `<Code>` component that sandboxes use needs options that survive serialisation.
 */
import { defineEcConfig } from "@astrojs/starlight/expressive-code";
import { pluginLineNumbers } from "@expressive-code/plugin-line-numbers";

export default defineEcConfig({
  // Sandboxes number their lines (errors say file:line:col, and the editor numbers them too);
  // other code blocks do not.
  plugins: [pluginLineNumbers()],
  defaultProps: { showLineNumbers: false },
  // Expressive Code dims line numbers to 3.3:1, below WCAG AA (axe flags it): the site's greys
  // that read at 4.5:1 or more on code blocks (gray-2 on dark, gray-3 on light).
  styleOverrides: {
    lineNumbers: {
      foreground: ({ theme }) =>
        theme.type === "dark" ? "var(--sl-color-gray-2)" : "var(--sl-color-gray-3)",
    },
  },
});
