/**
 * The element id of a sandbox on its page, and the first sandbox a lesson's MDX embeds: the skip
 * link ("Skip to the first sandbox") is rendered before the lesson, so it reads the lesson's source.
 */
export function sandboxAnchor(sandboxId: string): string {
  return `sandbox-${sandboxId
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")}`;
}

/**
 * The sandbox id of the first `<Example src>`, `<Sandbox src>` or `<Exercise id>` in an MDX body,
 * if any.
 */
export function firstSandboxId(body: string): string | null {
  const tag = /<(Example|Sandbox|Exercise)\b([^>]*)>/.exec(body);
  if (!tag) return null;
  const attribute = tag[1] === "Exercise" ? "id" : "src";
  const value = new RegExp(`\\b${attribute}\\s*=\\s*["']([^"']+)["']`).exec(tag[2] ?? "")?.[1];
  if (!value) return null;
  return tag[1] === "Exercise" ? `exercise/${value}` : value.replace(/\.ts$/, "");
}
