import { buildPng } from "../fakes/media-bytes";
import { expect } from "vitest";
import type { Client } from "../support/app";

export type View = {
  id: string;
  status: "queued" | "running" | "succeeded" | "failed";
  refunded: boolean;
  price: number;
  outputs: { url: string; contentType: string; size: number }[];
  error: { code: string; message: string } | null;
  [key: string]: unknown;
};

/** Polls GET /api/generations/:id until the job leaves queued/running, or fails the test. */
export async function waitForFinish(client: Client, id: string, timeoutMs = 20_000, everyMs = 250): Promise<View> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { status, body } = await client.json(`/api/generations/${id}`);
    expect(status).toBe(200);
    const generation = body.generation as View;
    if (generation.status === "succeeded" || generation.status === "failed") return generation;
    if (Date.now() > deadline) throw new Error(`generation ${id} still ${generation.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export async function balanceOf(client: Client): Promise<number> {
  const { status, body } = await client.json("/api/me");
  expect(status).toBe(200);
  return body.balance;
}

/** An upload a Director request takes: a PNG of at least 256 px a side; `shade` makes a different photo. */
export function anchorDataUrl(shade = 0, size = 256): string {
  return `data:image/png;base64,${buildPng(size, [(40 + shade * 37) % 256, 120, 200]).toString("base64")}`;
}

export const PNG_ANCHOR = anchorDataUrl();
