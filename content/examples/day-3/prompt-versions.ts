import OpenAI from "openai";
import { payiInstrument, ingest } from "payi-lab/instrument";

payiInstrument();
const client = new OpenAI();

// Three releases of one prompt; the index is the version.
const prompts = [
  "Describe this product:",
  "Describe this product in two sentences:",
  "Describe this product for a shopper, no jargon:",
];

for (const [version, prompt] of prompts.entries()) {
  // Careful: version 0 counts as no version. Start at 1.
  const describe = ingest(
    {
      useCaseName: "product_description",
      useCaseVersion: version,
    },
    async function describe(product: string) {
      const content = `${prompt} ${product}`;
      await client.chat.completions.create({
        model: "gpt-4o-mini",
        messages: [{ role: "user", content }],
      });
    },
  );
  await describe("a desk lamp with a USB port");
  console.log(`Prompt ${version} sent as version ${version}`);
}
