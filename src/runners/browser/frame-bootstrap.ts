/**
 * The code of the sandboxed frame that hosts the program's worker. The frame has an opaque
 * origin (`sandbox="allow-scripts"`, no `allow-same-origin`), so neither it nor its worker can
 * read the site's localStorage, IndexedDB or cookies, or touch the page. It receives already
 * linked modules (see link-modules.ts), turns them into blob: URLs of its own origin, starts one
 * worker per run, and relays the worker's messages to the page.
 *
 * `frameBootstrap` is serialised with `Function.prototype.toString` into the frame's srcdoc, so it
 * must be self-contained: no imports, no closures over module scope.
 */
export function frameBootstrap(): void {
  type Linked = { id: string; text: string };
  type StartMessage = {
    type: "start";
    runId: number;
    modules: Linked[];
    programId: string;
    map: string;
    fileName: string;
    latencyScale: number;
  };
  type StopMessage = { type: "stop"; runId: number };
  const runtimeUrls = new Map<string, string>();
  const workers = new Map<number, Worker>();
  const placeholderOf = (id: string) => `__payi_module__${encodeURIComponent(id)}__`;
  const reply = (message: unknown) => parent.postMessage(message, "*");

  const urlFor = (module: Linked, isProgram: boolean): string => {
    const cached = runtimeUrls.get(module.id);
    if (cached && !isProgram) return cached;
    let text = module.text;
    for (const [id, url] of runtimeUrls) text = text.split(placeholderOf(id)).join(url);
    const url = URL.createObjectURL(new Blob([text], { type: "text/javascript" }));
    if (!isProgram) runtimeUrls.set(module.id, url);
    return url;
  };

  /**
   * Starts a worker that imports the host and the runtime's entry points, then waits for a
   * program. A classic worker that imports them: Chromium refuses module workers from blob: URLs
   * in an opaque-origin frame, but allows dynamic import() of them from a classic worker.
   */
  type Booting = { worker: Worker; ready: Promise<void> };
  let spare: Booting | undefined;
  const bootWorker = (): Booting => {
    const hostUrl = runtimeUrls.get("node_modules/payi-lab/host-worker.js");
    if (!hostUrl) throw new Error("the runtime bundle has no worker host");
    const warm = ["openai", "instrument", "helpers", "limits", "async"]
      .map((entry) => runtimeUrls.get(`node_modules/payi-lab/${entry}.js`))
      .filter((url): url is string => url !== undefined);
    const starter =
      `import(${JSON.stringify(hostUrl)})` +
      `.then(() => Promise.all(${JSON.stringify(warm)}.map((url) => import(url))))` +
      `.then(() => postMessage({ type: "host-ready" }), (error) => postMessage({ type: "host-failed", message: String((error && error.message) || error) }));`;
    const starterUrl = URL.createObjectURL(new Blob([starter], { type: "text/javascript" }));
    const worker = new Worker(starterUrl, { name: "sandbox program" });
    const ready = new Promise<void>((resolve, reject) => {
      worker.onmessage = (event) => {
        const data = event.data as { type: string; message?: string };
        URL.revokeObjectURL(starterUrl);
        if (data.type === "host-ready") resolve();
        else reject(`the sandbox runtime failed to load: ${data.message ?? "unknown error"}`);
      };
      worker.onerror = (errorEvent) => {
        errorEvent.preventDefault();
        reject(errorEvent.message || "the worker failed to start");
      };
    });
    ready.catch(() => worker.terminate());
    return { worker, ready };
  };

  addEventListener("message", (event: MessageEvent<StartMessage | StopMessage>) => {
    if (event.source !== parent) return;
    const message = event.data;
    if (message.type === "stop") {
      workers.get(message.runId)?.terminate();
      workers.delete(message.runId);
      reply({ type: "exit", runId: message.runId, code: null, reason: "stopped" });
      return;
    }
    if (message.type !== "start") return;
    try {
      let programUrl = "";
      for (const module of message.modules) {
        const isProgram = module.id === message.programId;
        const url = urlFor(module, isProgram);
        if (isProgram) programUrl = url;
      }
      if (!programUrl) throw new Error("no program to run");
      // A worker booted ahead of time (see bootWorker) makes a warm run start at once.
      const booting = spare ?? bootWorker();
      spare = undefined;
      const { worker } = booting;
      workers.set(message.runId, worker);
      booting.ready.then(
        () => {
          if (!workers.has(message.runId)) return; // stopped while booting
          worker.onmessage = (workerEvent) => {
            const data = workerEvent.data as { type: string };
            reply({ ...data, runId: message.runId });
            if (data.type === "exit") {
              workers.delete(message.runId);
              URL.revokeObjectURL(programUrl);
            }
          };
          worker.postMessage({
            type: "run",
            programUrl,
            map: message.map,
            fileName: message.fileName,
            latencyScale: message.latencyScale,
          });
          spare = bootWorker();
        },
        (failure: string) => {
          workers.delete(message.runId);
          reply({ type: "runner-error", runId: message.runId, message: failure });
        },
      );
    } catch (error) {
      reply({
        type: "runner-error",
        runId: message.runId,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  });
  reply({ type: "ready" });
}

export function frameSrcdoc(): string {
  return `<!doctype html><meta charset="utf-8"><script>(${frameBootstrap.toString()})();</script>`;
}
