"""Python twin of prompt-versions.ts:
Three prompt releases, three versions (0 counts as none).
"""
from openai import OpenAI
from payi.lib.instrument import payi_instrument, ingest

payi_instrument()
client = OpenAI()

# Three releases of one prompt; the index is the version.
prompts = [
    "Describe this product:",
    "Describe this product in two sentences:",
    "Describe this product for a shopper, no jargon:",
]

for version, prompt in enumerate(prompts):
    # Careful: version 0 counts as no version. Start at 1.
    @ingest(
        use_case_name="product_description", use_case_version=version
    )
    def describe(product: str) -> None:
        content = f"{prompt} {product}"
        client.chat.completions.create(
            model="gpt-4o-mini",
            messages=[{"role": "user", "content": content}],
        )

    describe("a desk lamp with a USB port")
    print(f"Prompt {version} sent as version {version}")
