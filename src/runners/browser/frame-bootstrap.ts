/**
 * The code of the sandboxed frame that hosts the program's worker. The frame has an opaque
 * origin (`sandbox="allow-scripts"`, no `allow-same-origin`), so neither it nor its worker can
 * read the site's localStorage, IndexedDB or cookies, or touch the page. It receives already
 * linked modules (see link-modules.ts), turns them into blob: URLs of its own origin, starts one
 * worker per run, and relays what the worker's host reports to the page.
 *
 * The frame is the trusted side of the run: it gives each worker's host a private MessagePort
 * before the program exists, relays only what arrives on that port, counts (and drops) anything
 * the worker posts on its own channel, and ends every run itself by terminating the worker (on the
 * host's exit report, on Stop, or when the page's time limit says so). The program cannot reach
 * the frame's code, so no message of the program's can fake a call or an end.
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
  type HostMessage =
    | { type: "batch"; text: string; events: unknown[] }
    | { type: "exit"; code: number; reason: string };
  type Booting = { worker: Worker; port: MessagePort; ready: Promise<void> };

  const runtimeUrls = new Map<string, string>();
  const running = new Map<number, Booting>();
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
   * in an opaque-origin frame, but allows dynamic import() of them from a classic worker. Once the
   * host is loaded (and before any program), it gets its private port.
   */
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
    const channel = new MessageChannel();
    const ready = new Promise<void>((resolve, reject) => {
      worker.onmessage = (event) => {
        const data = event.data as { type: string; message?: string };
        if (data.type === "host-ready") {
          URL.revokeObjectURL(starterUrl);
          worker.postMessage({ type: "connect" }, [channel.port2]);
          // From here on the worker's own channel is the program's: nothing on it is relayed.
          worker.onmessage = null;
          resolve();
        } else if (data.type === "host-failed") {
          reject(`the sandbox runtime failed to load: ${data.message ?? "unknown error"}`);
        }
      };
      worker.onerror = (errorEvent) => {
        errorEvent.preventDefault();
        reject(errorEvent.message || "the worker failed to start");
      };
    });
    ready.catch(() => worker.terminate());
    return { worker, port: channel.port1, ready };
  };

  const end = (runId: number, code: number | null, reason: string) => {
    const run = running.get(runId);
    if (!run) return;
    running.delete(runId);
    run.worker.terminate();
    run.port.close();
    reply({ type: "exit", runId, code, reason });
  };

  addEventListener("message", (event: MessageEvent<StartMessage | StopMessage>) => {
    if (event.source !== parent) return;
    const message = event.data;
    if (message.type === "stop") {
      end(message.runId, null, "stopped");
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
      running.set(message.runId, booting);
      booting.ready.then(
        () => {
          if (!running.has(message.runId)) return; // stopped while booting
          // What the program posts on the worker's own channel is never relayed: only counted.
          let ignored = 0;
          booting.worker.onmessage = () => void ignored++;
          booting.port.onmessage = (portEvent) => {
            const data = portEvent.data as HostMessage;
            if (data.type === "batch") {
              reply({
                type: "batch",
                runId: message.runId,
                text: data.text,
                events: data.events,
                ignored,
              });
              ignored = 0;
            } else if (data.type === "exit") {
              if (ignored > 0)
                reply({ type: "batch", runId: message.runId, text: "", events: [], ignored });
              end(message.runId, data.code, data.reason);
              URL.revokeObjectURL(programUrl);
            }
          };
          booting.port.postMessage({
            type: "run",
            programUrl,
            map: message.map,
            fileName: message.fileName,
            latencyScale: message.latencyScale,
          });
          spare = bootWorker();
        },
        (failure: string) => {
          running.delete(message.runId);
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
