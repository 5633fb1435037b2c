/**
 * Use case instance ids. Deterministic within a run (a counter), so the same program gives the
 * same ids in every runner and the parity tests can compare events exactly.
 */
let counter = 0;

export function nextUseCaseId(name: string): string {
  counter += 1;
  let hash = 2166136261;
  for (const char of `${name}#${counter}`)
    hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
  return `uc_${counter.toString().padStart(3, "0")}_${hash.toString(16).padStart(8, "0").slice(0, 6)}`;
}

/** For tests only. */
export function resetIdsForTests(): void {
  counter = 0;
}
