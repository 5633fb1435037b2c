// @ts-check
import mdx from "@astrojs/mdx";
import starlight from "@astrojs/starlight";
import { defineConfig, envField } from "astro/config";
import { isolationHeaders } from "./shared/isolation-headers.ts";
import { lazyCss } from "./src/integrations/lazy-css.ts";
import { stylesheetOnce } from "./src/integrations/stylesheet-once.ts";
import { pythonRuntime } from "./src/integrations/python-runtime.ts";
import { sandboxRuntime } from "./src/integrations/sandbox-runtime.ts";
import { serviceWorker } from "./src/integrations/service-worker.ts";

export { isolationHeaders };

// https://astro.build/config
export default defineConfig({
  // `server.headers` applies to both `astro dev` and `astro preview` (`npm start`).
  server: { port: 4321, headers: isolationHeaders },
  vite: {
    plugins: [
      {
        // Vite preloads a lazy chunk's imports by appending a <link rel="modulepreload"> per file,
        // and in Chromium each <link> put into the head restyles and lays out the whole page
        // (120-160 ms on /day-2/ per insertion on this machine, 4x that on Lighthouse's mobile
        // CPU): the sandbox's idle warm-up cost two such passes during page load. With `false`
        // Vite still loads the CSS a lazy chunk needs with it (lazy-css.ts relies on that); its
        // JS imports load through the module graph, a hop or two on the same origin. A plugin,
        // because Astro's build config overrides `vite.build.modulePreload`.
        name: "payi:no-js-modulepreload",
        config: () => ({ build: { modulePreload: false } }),
      },
    ],
  },
  env: {
    schema: {
      // StackBlitz WebContainer API key, read at build time. Not needed on localhost.
      PUBLIC_WEBCONTAINER_API_KEY: envField.string({
        context: "client",
        access: "public",
        optional: true,
      }),
    },
  },
  integrations: [
    sandboxRuntime(),
    pythonRuntime(),
    starlight({
      title: "Attributing GenAI cost",
      description:
        "A five-day, hands-on course: tag every OpenAI call with its end user, use case and budget.",
      logo: { src: "./src/assets/logo.svg", alt: "" },
      customCss: ["./src/styles/theme.css"],
      // Installable web app (public/manifest.webmanifest); the browser bar takes the page colour.
      head: [
        { tag: "link", attrs: { rel: "manifest", href: "/manifest.webmanifest" } },
        { tag: "link", attrs: { rel: "apple-touch-icon", href: "/icons/apple-touch-icon.png" } },
        {
          tag: "meta",
          attrs: { name: "theme-color", content: "#17181c", media: "(prefers-color-scheme: dark)" },
        },
        {
          tag: "meta",
          attrs: {
            name: "theme-color",
            content: "#ffffff",
            media: "(prefers-color-scheme: light)",
          },
        },
      ],
      components: {
        PageTitle: "./src/components/PageTitle.astro",
        Sidebar: "./src/components/Sidebar.astro",
        SkipLink: "./src/components/SkipLink.astro",
        Footer: "./src/components/Footer.astro",
      },
      // Lessons live in content/lessons, outside Starlight's default folder:
      // opt them in to Starlight's Markdown features (asides, heading links).
      markdown: { processedDirs: ["./content/lessons"] },
      tableOfContents: { minHeadingLevel: 2, maxHeadingLevel: 3 },
      sidebar: [
        { label: "Course overview", link: "/" },
        {
          label: "The five days",
          items: ["day-1", "day-2", "day-3", "day-4", "day-5"],
        },
        {
          // After Day 5 in reading order: prev/next walk on into these pages.
          label: "Reference",
          items: [
            "in-your-app",
            { slug: "reference", label: "Name map" },
            "glossary",
            "troubleshooting",
          ],
        },
        { label: "Cost Drivers", link: "/cost-drivers/" },
        { label: "Workshop", link: "/workshop/" },
      ],
    }),
    mdx(),
    // Each page links each stylesheet once (Expressive Code links its CSS once per renderer).
    stylesheetOnce(),
    // Before the service worker: pages stop linking CSS that loads with its (lazy) code, except
    // the terminal's and the live panel's, which every first run needs at once (lazy-css.ts).
    lazyCss({
      keepLinked: [
        "src/sandbox-ui/terminal/terminal-view.ts",
        "src/sandbox-ui/live-panel/live-panel.ts",
      ],
    }),
    // Last: it lists the files the others wrote into dist/ (Pagefind's index, the runtime).
    serviceWorker(),
  ],
});
