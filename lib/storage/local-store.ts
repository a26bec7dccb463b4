import { createReadStream } from "node:fs";
import { mkdir, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { randomUUID } from "node:crypto";
import { dataDir } from "@/lib/db/open";
import type { ArtifactStore } from "./artifact-store";

const KEY = /^[a-zA-Z0-9_-]+(\/[a-zA-Z0-9_.-]+)*$/;

function fileOf(root: string, key: string): string {
  if (!KEY.test(key) || key.split("/").some((part) => part === "." || part === "..")) {
    throw new Error(`invalid artifact key ${key}`);
  }
  return path.join(root, key);
}

/** The embedded default: files under DATA_DIR/artifacts, written whole or not at all. */
export function createLocalStore(env: Record<string, string | undefined>): ArtifactStore {
  const root = path.join(dataDir(env), "artifacts");
  return {
    kind: "local",
    async put(key, bytes) {
      const file = fileOf(root, key);
      await mkdir(path.dirname(file), { recursive: true });
      // A reader never sees half a file: write aside, then rename into place.
      const partial = `${file}.${randomUUID()}.partial`;
      await writeFile(partial, bytes);
      await rename(partial, file);
    },
    async get(key) {
      const file = fileOf(root, key);
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) return null;
      const body = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
      return { type: "file", body, size: info.size };
    },
  };
}
