import { createReadStream } from "node:fs";
import { mkdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { dataDir } from "@/lib/db/open";
import { signFileUrl } from "./signed-url";
import type { ArtifactStore } from "./types";

const KEY = /^[a-zA-Z0-9_-]+(\/[a-zA-Z0-9_.-]+)*$/;

function fileOf(root: string, key: string): string {
  if (!KEY.test(key) || key.split("/").some((part) => part === "." || part === "..")) {
    throw new Error(`invalid artifact key ${key}`);
  }
  return path.join(root, key);
}

/** The embedded default: files under DATA_DIR/artifacts. */
export function createLocalStore(env: Record<string, string | undefined>): ArtifactStore {
  const root = path.join(dataDir(env), "artifacts");
  return {
    kind: "local",
    async put(key, bytes) {
      const file = fileOf(root, key);
      await mkdir(path.dirname(file), { recursive: true });
      // Written in place: nobody can ask for the file before the job that lists it has
      // completed, which happens only after this write returned.
      await writeFile(file, bytes);
    },
    async get(key) {
      const file = fileOf(root, key);
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) return null;
      const body = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
      return { type: "file", body, size: info.size };
    },
    async signedUrl(key, seconds) {
      fileOf(root, key);
      return signFileUrl(key, seconds, env);
    },
  };
}
