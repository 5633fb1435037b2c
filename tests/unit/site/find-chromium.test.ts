import assert from "node:assert/strict";
import { test } from "node:test";
import {
  INSTALL_HELP,
  type InstallStep,
  findChromium,
  installSteps,
  locateChromium,
} from "../../support/find-chromium.ts";

const only =
  (...paths: string[]) =>
  (p: string): boolean =>
    paths.includes(p);

test("CHROME_PATH wins over every other browser", () => {
  const found = locateChromium({
    env: { CHROME_PATH: "/opt/chrome/chrome" },
    isExecutable: only("/opt/chrome/chrome", "/usr/bin/chromium"),
  });
  assert.deepEqual(found, { path: "/opt/chrome/chrome", source: "CHROME_PATH" });
});

test("a CHROME_PATH that does not exist is an error, not silently ignored", () => {
  assert.throws(
    () =>
      locateChromium({ env: { CHROME_PATH: "/nope" }, isExecutable: only("/usr/bin/chromium") }),
    /CHROME_PATH is set to \/nope/,
  );
});

test("system packages are tried in order: chromium, chromium-browser, google-chrome", () => {
  const env = {};
  assert.equal(
    locateChromium({
      env,
      isExecutable: only("/usr/bin/chromium-browser", "/usr/bin/google-chrome"),
    })?.path,
    "/usr/bin/chromium-browser",
  );
  assert.equal(
    locateChromium({ env, isExecutable: only("/usr/bin/google-chrome") })?.path,
    "/usr/bin/google-chrome",
  );
});

test("Playwright's own download is used when no system browser exists", () => {
  const found = locateChromium({
    env: {},
    isExecutable: only("/root/.cache/ms-playwright/chromium/chrome"),
    playwrightExecutable: () => "/root/.cache/ms-playwright/chromium/chrome",
  });
  assert.deepEqual(found, {
    path: "/root/.cache/ms-playwright/chromium/chrome",
    source: "playwright",
  });
});

test("with nothing installed and installing off, it fails with what to install", () => {
  assert.throws(
    () => findChromium({ env: {}, isExecutable: () => false, install: false }),
    (err: Error) => {
      assert.equal(err.message, INSTALL_HELP);
      assert.match(err.message, /npx playwright install chromium/);
      assert.match(err.message, /apt-get install -y chromium/);
      assert.match(err.message, /CHROME_PATH/);
      return true;
    },
  );
});

test("apt-get is only tried as root on a machine that has it", () => {
  assert.deepEqual(
    installSteps(false, true).map((s) => s.command),
    ["npx"],
  );
  assert.deepEqual(
    installSteps(true, false).map((s) => s.command),
    ["npx"],
  );
  const asRoot = installSteps(true, true);
  assert.deepEqual(
    asRoot.map((s) => [s.command, ...s.args].join(" ")),
    [
      "npx --no-install playwright install chromium",
      "apt-get update",
      "apt-get install -y --no-install-recommends chromium",
    ],
  );
});

test("when Playwright's download fails, as root it installs Debian's chromium and uses it", () => {
  const installed = new Set<string>();
  const ran: string[] = [];
  const found = findChromium({
    env: {},
    isRoot: true,
    hasAptGet: true,
    isExecutable: (p) => installed.has(p),
    playwrightExecutable: () => "/cache/chrome",
    log: () => {},
    runStep: (step: InstallStep) => {
      ran.push(step.command + " " + step.args.join(" "));
      if (step.command === "npx") return false; // offline: download fails
      if (step.args[0] === "install") installed.add("/usr/bin/chromium");
      return true;
    },
  });
  assert.deepEqual(found, { path: "/usr/bin/chromium", source: "system" });
  assert.equal(ran.length, 3);
});

test("after all install attempts fail it still throws instead of skipping", () => {
  assert.throws(
    () =>
      findChromium({
        env: {},
        isRoot: true,
        hasAptGet: true,
        isExecutable: () => false,
        log: () => {},
        runStep: () => false,
      }),
    { message: INSTALL_HELP },
  );
});
