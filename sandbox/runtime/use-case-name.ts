/**
 * Pay-i's rule for use case names: only alphanumerics, ".", "-" and "_", no spaces, at most 64
 * characters; other names are refused with `invalid_use_case_name`
 * (https://docs.pay-i.com/docs/error-code-strings). The sandbox keeps tagging such a name, as the
 * SDK does (it does not check names), and warns, so the learner finds out here rather than in
 * production.
 */
const VALID = /^[A-Za-z0-9._-]{1,64}$/;

/** Why Pay-i would refuse this use case name, or null when it is valid. */
export function useCaseNameProblem(name: string): string | null {
  if (VALID.test(name)) return null;
  const why =
    name.length > 64
      ? `it has ${name.length} characters`
      : /\s/.test(name)
        ? "it contains a space"
        : `it contains ${JSON.stringify([...name].find((char) => !/[A-Za-z0-9._-]/.test(char)))}`;
  return (
    `use case name ${JSON.stringify(name)} is not valid in Pay-i (${why}): a name may contain only ` +
    `letters, digits, ".", "-" and "_", no spaces, at most 64 characters; Pay-i refuses it with invalid_use_case_name`
  );
}
