import { defineCollection } from "astro:content";
import { glob } from "astro/loaders";
import { docsSchema } from "@astrojs/starlight/schema";
import { z } from "astro/zod";

/**
 * Starlight's `docs` collection, loaded from the top-level `content/lessons`
 * folder (files starting with `_` are drafts/partials and are skipped).
 */
export const collections = {
  docs: defineCollection({
    loader: glob({ base: "./content/lessons", pattern: "**/[^_]*.{md,mdx}" }),
    schema: docsSchema({
      extend: z.object({
        /**
         * A part of `title` to show as inline code in the page heading, e.g.
         * `ingest({ userId })`. The plain title is still used for the sidebar,
         * the browser tab and search results.
         */
        titleCode: z.string().optional(),
      }),
    }),
  }),
};
