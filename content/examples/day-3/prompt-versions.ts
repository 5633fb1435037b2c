import OpenAI from "openai";
import { payiInstrument, ingest } from "payi-lab/instrument";

payiInstrument();
const client = new OpenAI();

// Three releases of one prompt; the index is the version.
const prompts = [
  "Describe this product:",
  "Describe this product in two sentences:",
  "Describe this product in two sentences for a shopper, no jargon:",
];

for (const [version, prompt] of prompts.entries()) {
  // Careful: version 0 counts as no version at all. Number from 1.
  const describe = ingest(
    { useCaseName: "product_description", useCaseVersion: version },
    async function describe(product: string) {
      await client.chat.completions.create({
        model: "gpt-4o-mini",
        messages: [{ role: "user", content: `${prompt} ${product}` }],
      });
    },
  );
  await describe("a desk lamp with a USB port");
  console.log(`Described with prompt ${version} (useCaseVersion: ${version})`);
}
