import type { Page } from "@playwright/test";

/** The course, in reading order. */
export const LESSONS = [
  { path: "/day-1/", title: "Day 1: Basic instrumentation" },
  { path: "/day-2/", title: "Day 2: Tracking users with ingest({\u00a0userId\u00a0})" },
  { path: "/day-3/", title: "Day 3: Applying use cases" },
  { path: "/day-4/", title: "Day 4: Nesting, inheritance and precedence" },
  { path: "/day-5/", title: "Day 5: Per-user limits and verification" },
] as const;

export const LANDING = { path: "/", title: "Know who spent what on GenAI" } as const;

/** The reference pages, in reading order after Day 5 (`title` is the h1). */
export const REFERENCE = [
  { path: "/in-your-app/", title: "Take it to your app" },
  { path: "/reference/", title: "The name map: this course and Pay-i today" },
  { path: "/glossary/", title: "Glossary" },
  { path: "/troubleshooting/", title: "Troubleshooting" },
] as const;

/** Every page a learner can reach: landing, lessons and the 404 page (`title` is its h1). */
export const ALL_PAGES = [
  LANDING,
  ...LESSONS,
  ...REFERENCE,
  { path: "/cost-drivers/", title: "Cost Drivers" },
  { path: "/workshop/", title: "Workshop" },
  { path: "/workshop/room/", title: "Room dashboard" },
  { path: "/404.html", title: "404: This page is not part of the course" },
] as const;

/**
 * WebContainer loads its runtime from StackBlitz's hosts. This machine has no internet, so those
 * requests fail here by design (the page then runs code in the browser, which the sandbox tests
 * check); they are the only failures tolerated.
 */
const WEBCONTAINER_HOSTS =
  /^https:\/\/([a-z0-9-]+\.)*(stackblitz\.com|webcontainer\.io|webcontainer-api\.io|staticblitz\.com)\//;

/**
 * Records everything that went wrong while a page was open: console errors,
 * uncaught exceptions, failed requests and HTTP error responses.
 */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() !== "error") return;
    if (WEBCONTAINER_HOSTS.test(msg.location().url)) return;
    problems.push(`console error: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`uncaught: ${err.message}`));
  page.on("requestfailed", (req) => {
    if (WEBCONTAINER_HOSTS.test(req.url())) return;
    problems.push(`request failed: ${req.url()} (${req.failure()?.errorText ?? "unknown"})`);
  });
  page.on("response", (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  return problems;
}
