// @ts-check
import mdx from "@astrojs/mdx";
import starlight from "@astrojs/starlight";
import { defineConfig, envField } from "astro/config";
import { isolationHeaders } from "./shared/isolation-headers.ts";
import { pythonRuntime } from "./src/integrations/python-runtime.ts";
import { sandboxRuntime } from "./src/integrations/sandbox-runtime.ts";

export { isolationHeaders };

// https://astro.build/config
export default defineConfig({
  // `server.headers` applies to both `astro dev` and `astro preview` (`npm start`).
  server: { port: 4321, headers: isolationHeaders },
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
      components: {
        PageTitle: "./src/components/PageTitle.astro",
        Sidebar: "./src/components/Sidebar.astro",
        SkipLink: "./src/components/SkipLink.astro",
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
  ],
});
