/** Loads one exercise's check on demand (each check is its own small chunk). */
import type { Check } from "./check-kit.ts";

const checks = import.meta.glob<{ default: Check }>("../../content/exercises/*/check.ts");

export async function loadCheck(exerciseId: string): Promise<Check> {
  const load = checks[`../../content/exercises/${exerciseId}/check.ts`];
  if (!load) throw new Error(`No check for exercise ${exerciseId}.`);
  return (await load()).default;
}
