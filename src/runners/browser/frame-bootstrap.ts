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
 * Python runs (the Python runner's own frame) follow the same rules with another host: the page
 * sends Pyodide's files once (`python-assets`, as Blobs it fetched: the frame cannot fetch
 * the site's files), the frame makes blob: URLs of them, and each Python worker boots Pyodide
 * before its program arrives. The first Python worker can start before the files arrive (prime,
 * on intent): it loads the runtime and waits for them.
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
    /** The program's module (TypeScript runs); Python runs send `source` instead. */
    programId?: string;
    source?: string;
    map: string;
    fileName: string;
    latencyScale: number;
  };
  type StopMessage = { type: "stop"; runId: number };
  /**
   * The runtime's modules ahead of the first run: the frame boots a worker with them at once (a
   * Python one after `python-assets`).
   */
  type PrimeMessage = { type: "prime"; modules: Linked[]; kind?: "js" | "python" };
  type PythonAssetsMessage = {
    type: "python-assets";
    loader: Blob;
    asm: Blob;
    wasm: Blob;
    stdlib: Blob;
    /** Pyodide's memory once booted, gzip'd (absent where the browser cannot load it). */
    snapshot?: Blob;
    lock: string;
    modules: string;
  };
  type HostMessage =
    | { type: "batch"; text: string; events: unknown[] }
    | { type: "exit"; code: number; reason: string };
  type Kind = "js" | "python";
  type Booting = { kind: Kind; worker: Worker; port: MessagePort; ready: Promise<void> };

  const runtimeUrls = new Map<string, string>();
  const running = new Map<number, Booting>();
  /**
   * What each Python worker boots with, once the page has sent Pyodide's files. `wasmModule` is
   * Pyodide's wasm, compiled once in the frame and handed to each worker: a blob: URL gets no code
   * cache, so otherwise every fresh Python (one per run) compiled the 9.6 MB again, and a shared
   * module also keeps the optimised code of earlier runs. Undefined if it failed to compile here:
   * each worker then compiles its own, as before.
   */
  type PythonBoot = {
    files: Record<string, string | Blob | undefined>;
    wasmModule: WebAssembly.Module | undefined;
  };
  let pythonFilesArrived = false;
  let receivePythonBoot: (boot: Promise<PythonBoot>) => void = () => undefined;
  const pythonBoot = new Promise<PythonBoot>((resolve) => (receivePythonBoot = resolve));
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
  const spares: Partial<Record<Kind, Booting>> = {};
  const bootWorker = (kind: Kind): Booting => {
    const hostId =
      kind === "python"
        ? "node_modules/payi-lab/host-python.js"
        : "node_modules/payi-lab/host-worker.js";
    const hostUrl = runtimeUrls.get(hostId);
    if (!hostUrl) throw new Error(`the runtime bundle has no ${hostId.split("/").pop()}`);
    // Every module a program can import, `openai` included: one the worker has not loaded costs
    // the run a blob: fetch and a compile after Run.
    const warm =
      kind === "python"
        ? []
        : [
            "node_modules/openai/index.js",
            ...["openai", "instrument", "helpers", "limits", "async"].map(
              (entry) => `node_modules/payi-lab/${entry}.js`,
            ),
          ]
            .map((id) => runtimeUrls.get(id))
            .filter((url): url is string => url !== undefined);
    const starter =
      `import(${JSON.stringify(hostUrl)})` +
      `.then(() => Promise.all(${JSON.stringify(warm)}.map((url) => import(url))))` +
      `.then(() => postMessage({ type: "host-ready" }), (error) => postMessage({ type: "host-failed", message: String((error && error.message) || error) }));`;
    const starterUrl = URL.createObjectURL(new Blob([starter], { type: "text/javascript" }));
    const worker = new Worker(starterUrl, {
      name: kind === "python" ? "python program" : "sandbox program",
    });
    const channel = new MessageChannel();
    const ready = new Promise<void>((resolve, reject) => {
      worker.onmessage = (event) => {
        const data = event.data as { type: string; message?: string };
        if (data.type === "host-ready") {
          URL.revokeObjectURL(starterUrl);
          worker.postMessage({ type: "connect" }, [channel.port2]);
          // From here on the worker's own channel is the program's: nothing on it is relayed.
          worker.onmessage = null;
          if (kind === "js") {
            resolve();
            return;
          }
          // A Python host boots Pyodide first, and says so on the private port.
          channel.port1.onmessage = (portEvent) => {
            const reply = portEvent.data as { type: string; message?: string };
            if (reply.type === "booted") resolve();
            else if (reply.type === "boot-failed")
              reject(`Python (Pyodide) failed to start: ${reply.message ?? "unknown error"}`);
          };
          void pythonBoot.then(({ files, wasmModule }) => {
            try {
              channel.port1.postMessage({ type: "boot", ...files, wasmModule });
            } catch {
              // A browser that cannot pass a compiled module to a worker: it compiles its own.
              channel.port1.postMessage({ type: "boot", ...files });
            }
          });
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
    return { kind, worker, port: channel.port1, ready };
  };
  /** A worker for the next run of `kind`, unless one is ready or booting already. */
  const bootSpare = (kind: Kind) => {
    try {
      spares[kind] ??= bootWorker(kind);
    } catch {
      // no host in the bundle: the run that needs it says so
    }
  };

  const end = (runId: number, code: number | null, reason: string) => {
    const run = running.get(runId);
    if (!run) return;
    running.delete(runId);
    run.worker.terminate();
    run.port.close();
    reply({ type: "exit", runId, code, reason });
    // The next run's worker boots now that this one is over (a Python one may have started at
    // the first output): booting it while the program ran took the CPU the run needed (a warm
    // run's output came later).
    bootSpare(run.kind);
  };

  // A Blob of a Blob: the type is set and the bytes are not copied.
  const blobUrl = (blob: Blob, type: string) => URL.createObjectURL(new Blob([blob], { type }));

  addEventListener(
    "message",
    (event: MessageEvent<StartMessage | StopMessage | PythonAssetsMessage | PrimeMessage>) => {
      if (event.source !== parent) return;
      const message = event.data;
      if (message.type === "stop") {
        end(message.runId, null, "stopped");
        return;
      }
      if (message.type === "python-assets") {
        if (pythonFilesArrived) return;
        pythonFilesArrived = true;
        // Compiled while it streams in from the Blob.
        const wasm = WebAssembly.compileStreaming(
          new Response(message.wasm, { headers: { "Content-Type": "application/wasm" } }),
        ).catch(() => undefined);
        const files = {
          loaderUrl: blobUrl(message.loader, "text/javascript"),
          asmUrl: blobUrl(message.asm, "text/javascript"),
          wasmUrl: blobUrl(message.wasm, "application/wasm"),
          stdlibUrl: blobUrl(message.stdlib, "application/zip"),
          // Passed to each worker as a handle; each worker inflates its own copy of the memory.
          snapshot: message.snapshot,
          lock: message.lock,
          modules: message.modules,
        };
        receivePythonBoot(wasm.then((wasmModule) => ({ files, wasmModule })));
        return;
      }
      if (message.type === "prime") {
        // A fresh worker that has loaded the runtime but never seen a program: the first run
        // takes it, as later runs take the one booted after theirs started (see below).
        for (const module of message.modules) urlFor(module, false);
        bootSpare(message.kind ?? "js");
        return;
      }
      if (message.type !== "start") return;
      try {
        const kind: Kind = message.source === undefined ? "js" : "python";
        let programUrl = "";
        for (const module of message.modules) {
          const isProgram = module.id === message.programId;
          const url = urlFor(module, isProgram);
          if (isProgram) programUrl = url;
        }
        if (kind === "js" && !programUrl) throw new Error("no program to run");
        if (kind === "python" && !pythonFilesArrived)
          throw new Error("Pyodide's files have not arrived");
        // A worker booted ahead of time (prime, or the end of the last run) makes a run start at
        // once. It has loaded the runtime and never seen a program: no run sees another's state.
        const booting = spares[kind] ?? bootWorker(kind);
        spares[kind] = undefined;
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
                // The next Python boots once this run has shown something (Pyodide takes a
                // second), not at its start, which took the CPU its first output needed.
                if (kind === "python") bootSpare("python");
              } else if (data.type === "exit") {
                if (ignored > 0)
                  reply({ type: "batch", runId: message.runId, text: "", events: [], ignored });
                end(message.runId, data.code, data.reason);
                if (programUrl) URL.revokeObjectURL(programUrl);
              }
            };
            booting.port.postMessage(
              kind === "python"
                ? {
                    type: "run",
                    source: message.source,
                    fileName: message.fileName,
                    latencyScale: message.latencyScale,
                  }
                : {
                    type: "run",
                    programUrl,
                    map: message.map,
                    fileName: message.fileName,
                    latencyScale: message.latencyScale,
                  },
            );
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
    },
  );
  reply({ type: "ready" });
}

export function frameSrcdoc(): string {
  return `<!doctype html><meta charset="utf-8"><script>(${frameBootstrap.toString()})();</script>`;
}
