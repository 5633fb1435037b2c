/**
 * The part of `@webcontainer/api` the runner uses. Tests substitute a fake with the same shape,
 * backed by real Node child processes (tests/unit/site/runners/fake-webcontainer.ts).
 */
export interface ContainerProcess {
  /** stdout and stderr, merged, as the WebContainer terminal gives them. */
  output: ReadableStream<string>;
  exit: Promise<number>;
  kill(): void;
}

export interface FileTree {
  [name: string]: { file: { contents: string } } | { directory: FileTree };
}

export interface Container {
  mount(tree: FileTree): Promise<void>;
  fs: { writeFile(path: string, contents: string): Promise<void> };
  spawn(
    command: string,
    args: string[],
    options?: { env?: Record<string, string> },
  ): Promise<ContainerProcess>;
  on?(event: "error", listener: (error: { message: string }) => void): () => void;
}

/** Builds the nested tree WebContainer's `mount` expects from flat paths. */
export function toFileTree(files: { path: string; text: string }[]): FileTree {
  const root: FileTree = {};
  for (const { path, text } of files) {
    const parts = path.split("/");
    const name = parts.pop()!;
    let dir = root;
    for (const part of parts) {
      const next = (dir[part] ??= { directory: {} });
      if (!("directory" in next)) throw new Error(`${path}: ${part} is a file, not a folder`);
      dir = next.directory;
    }
    dir[name] = { file: { contents: text } };
  }
  return root;
}
