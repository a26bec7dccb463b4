// The embedded demo provider: deterministic, visibly marked SVG images made from the prompt, and
// real short MP4 clips marked DEMO for video and Director jobs (chosen from the prompt, in the
// frame's orientation), so the whole credit flow works with nothing configured and videos play
// and download like a provider's. Prompt markers pick a path: [demo:fail] fails, [demo:slow]
// takes 20 s (the first 8 in a queue that moves: 2 ahead, then 1, then none), [demo:hang] never
// finishes (the sweeper refunds it). A Director job runs its three steps here too, quickly.
//
// The job id carries everything the job needs (kind, start time, behaviour, a digest of the
// prompt), so any process can answer a status poll and a restart loses nothing.
import { createHash, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Model } from "@/lib/catalog";
import type { DirectorSteps, GenerationParams, JobInput, JobState, Provider } from "./types";

/** Seconds after which a demo job is swept and refunded: long enough for [demo:slow], short enough to try [demo:hang]. */
const DEMO_TIMEOUT_SECONDS = 30;

const ID_PREFIX = "demo_";
const SLOW_MS = 20_000;
const FAIL_AFTER_MS = 800;
const QUEUED_FOR_MS = 300;
const SLOW_QUEUED_MS = 8_000;
/** Requests ahead of a slow job when it joins the queue; one leaves every third of its wait. */
const SLOW_QUEUE_AHEAD = 2;
const DONE_AFTER_MS = { image: 1_200, video: 4_000, director: 3_000 } as const;
/** How long a demo character "trains". */
const TRAINING_MS = 1_500;

type Behaviour = "ok" | "fail" | "slow" | "hang";

type DemoJob = {
  k: "image" | "video" | "director";
  t: number;
  b: Behaviour;
  h: string;
  c: string;
  /** The options the render reads (the frame, the clip's length, the camera move). */
  p: Pick<GenerationParams, "aspect" | "size" | "duration" | "motion">;
};

function behaviourOf(prompt: string): Behaviour {
  if (prompt.includes("[demo:fail]")) return "fail";
  if (prompt.includes("[demo:hang]")) return "hang";
  if (prompt.includes("[demo:slow]")) return "slow";
  return "ok";
}

function encodeJob(job: DemoJob): string {
  return ID_PREFIX + Buffer.from(JSON.stringify(job)).toString("base64url");
}

function decodeJob(id: string): DemoJob | null {
  if (!id.startsWith(ID_PREFIX)) return null;
  try {
    const job = JSON.parse(Buffer.from(id.slice(ID_PREFIX.length), "base64url").toString("utf8")) as DemoJob;
    return typeof job.t === "number" && typeof job.h === "string" ? job : null;
  } catch {
    return null;
  }
}

function stateOf(job: DemoJob, providerJobId: string, now: number): JobState {
  const elapsed = now - job.t;
  if (job.b === "fail" && elapsed >= FAIL_AFTER_MS) {
    return {
      status: "failed",
      providerJobId,
      failure: { kind: "http", message: "The demo provider failed this prompt on purpose ([demo:fail]).", providerStatus: 500 },
    };
  }
  const doneAfter = job.b === "slow" ? SLOW_MS : DONE_AFTER_MS[job.k];
  if (job.b === "hang" || job.b === "fail" || elapsed < doneAfter) {
    // A slow job waits in the queue for a while, like a busy provider's, and says how many are
    // ahead of it as fal does: it can still be cancelled then.
    if (job.b === "slow" && elapsed < SLOW_QUEUED_MS) {
      const left = (SLOW_QUEUED_MS - Math.max(0, elapsed)) / SLOW_QUEUED_MS;
      return { status: "queued", providerJobId, queuePosition: Math.ceil(left * (SLOW_QUEUE_AHEAD + 1)) - 1 };
    }
    return { status: elapsed < QUEUED_FOR_MS ? "queued" : "running", providerJobId };
  }
  if (job.k !== "image") return { status: "succeeded", providerJobId, outputs: [{ type: "inline", base64: clipOf(job).toString("base64"), contentType: "video/mp4" }] };
  return {
    status: "succeeded",
    providerJobId,
    outputs: [{ type: "inline", base64: Buffer.from(renderImage(job)).toString("base64"), contentType: "image/svg+xml" }],
  };
}

function startJob(kind: DemoJob["k"], model: Model, prompt: string, params: GenerationParams, behaviour = behaviourOf(prompt)): JobState {
  const job: DemoJob = {
    k: kind,
    t: Date.now(),
    b: behaviour,
    h: createHash("sha256").update(`${model.id}\n${prompt}`).digest("hex").slice(0, 32),
    c: caption(prompt),
    p: { aspect: params.aspect, size: params.size, duration: params.duration, motion: params.motion },
  };
  return stateOf(job, encodeJob(job), job.t);
}

const CHARACTER_PREFIX = "demo-character-";

/**
 * The Director's steps in the demo: a character "trains" for a moment, the keyframe is a demo
 * image, and the shot is a demo clip; the prompt's marker ([demo:fail], [demo:slow], [demo:hang])
 * acts on the shot.
 */
const demoDirector: DirectorSteps = {
  async trainCharacter() {
    return { referenceId: `${CHARACTER_PREFIX}${Date.now().toString(36)}-${randomUUID()}` };
  },
  async trainingStatus(referenceId) {
    const startedAt = parseInt(referenceId.slice(CHARACTER_PREFIX.length).split("-")[0] ?? "", 36);
    if (!referenceId.startsWith(CHARACTER_PREFIX) || !Number.isFinite(startedAt)) {
      return { status: "failed", failure: { kind: "malformed", message: "Unknown demo character." } };
    }
    return Date.now() - startedAt >= TRAINING_MS ? { status: "ready" } : { status: "training" };
  },
  async submitKeyframe({ model, prompt, aspect }) {
    return startJob("image", model, prompt, { aspect }, "ok");
  },
  async submitShot({ model, prompt, motion, duration }) {
    return startJob("director", model, prompt, { motion, duration });
  },
};

export function createDemoProvider(): Provider {
  return {
    id: "demo",
    jobTimeoutSeconds: DEMO_TIMEOUT_SECONDS,
    available: () => true,
    director: demoDirector,
    async submit(input: JobInput) {
      const kind = input.model.kind;
      if (kind !== "image" && kind !== "video") {
        throw new Error(`the demo provider makes images and clips in one call, not ${kind}`);
      }
      return startJob(kind, input.model, input.prompt, input.params);
    },
    async status(_input, providerJobId) {
      const job = decodeJob(providerJobId);
      if (!job) {
        return { status: "failed", providerJobId, failure: { kind: "malformed", message: "Unknown demo job." } };
      }
      return stateOf(job, providerJobId, Date.now());
    },
    async cancel() {},
  };
}

function caption(prompt: string): string {
  const clean = prompt.replace(/\[demo:[a-z]+\]/g, "").replace(/\s+/g, " ").trim();
  return clean.length > 72 ? `${clean.slice(0, 71)}…` : clean;
}

const DIMENSIONS: Record<string, [number, number]> = {
  "1:1": [1024, 1024],
  "16:9": [1280, 720],
  "9:16": [720, 1280],
  "4:3": [1024, 768],
  "3:4": [768, 1024],
  "21:9": [1344, 576],
  "1024x1024": [1024, 1024],
  "1536x1024": [1536, 1024],
  "1024x1536": [1024, 1536],
};

function dimensionsOf(job: DemoJob): [number, number] {
  const key = job.p.size ?? job.p.aspect ?? (job.k === "image" ? "1:1" : "16:9");
  return DIMENSIONS[key] ?? [1024, 1024];
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Numbers in [0, 1) read from the prompt digest, so the same prompt draws the same picture. */
function digits(hash: string): number[] {
  const out: number[] = [];
  for (let i = 0; i + 2 <= hash.length; i += 2) out.push(parseInt(hash.slice(i, i + 2), 16) / 256);
  return out;
}

function scene(job: DemoJob, w: number, h: number): { defs: string; shapes: string[] } {
  const d = digits(job.h);
  const hueA = Math.round(d[0] * 360);
  const hueB = Math.round((hueA + 90 + d[1] * 120) % 360);
  const defs = `<linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
<stop offset="0" stop-color="hsl(${hueA} 70% 18%)"/><stop offset="1" stop-color="hsl(${hueB} 80% 8%)"/></linearGradient>
<radialGradient id="glow"><stop offset="0" stop-color="hsl(${hueB} 90% 65%)" stop-opacity="0.9"/><stop offset="1" stop-color="hsl(${hueB} 90% 65%)" stop-opacity="0"/></radialGradient>`;
  const shapes: string[] = [];
  for (let i = 0; i < 6; i++) {
    const cx = Math.round(d[2 + i * 2] * w);
    const cy = Math.round(d[3 + i * 2] * h);
    const r = Math.round((0.08 + d[(i + 5) % d.length] * 0.22) * Math.min(w, h));
    const hue = Math.round((hueA + i * 47) % 360);
    shapes.push(`<circle cx="${cx}" cy="${cy}" r="${r}" fill="hsl(${hue} 85% 60%)" fill-opacity="0.35"/>`);
  }
  shapes.push(`<circle cx="${w / 2}" cy="${h / 2}" r="${Math.round(Math.min(w, h) * 0.3)}" fill="url(#glow)"/>`);
  return { defs, shapes };
}

function mark(job: DemoJob, w: number, h: number, label: string): string {
  const size = Math.round(Math.min(w, h) * 0.05);
  return `<g font-family="Inter, system-ui, sans-serif" fill="#fff">
<rect x="${size}" y="${size}" width="${size * 5.2}" height="${size * 1.6}" rx="${size * 0.4}" fill="#06b6d4"/>
<text x="${size * 1.45}" y="${size * 2.15}" font-size="${size}" font-weight="900" fill="#000">DEMO</text>
<text x="${size}" y="${h - size * 2.2}" font-size="${Math.round(size * 0.7)}" font-weight="700" fill-opacity="0.9">${escapeXml(job.c || "Untitled prompt")}</text>
<text x="${size}" y="${h - size}" font-size="${Math.round(size * 0.5)}" fill-opacity="0.6">${escapeXml(label)} · Nexora demo provider · ${job.h.slice(0, 8)}</text>
</g>`;
}

function renderImage(job: DemoJob): string {
  const [w, h] = dimensionsOf(job);
  const { defs, shapes } = scene(job, w, h);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">
<defs>${defs}</defs><rect width="${w}" height="${h}" fill="url(#bg)"/>${shapes.join("")}
${mark(job, w, h, "image")}</svg>`;
}

/** The clips shipped with the app (rendered with ffmpeg, a few KB each), by frame orientation. */
const CLIPS = {
  landscape: ["landscape-dunes.mp4", "landscape-neon.mp4", "landscape-fractal.mp4"],
  portrait: ["portrait-dunes.mp4", "portrait-neon.mp4", "portrait-fractal.mp4"],
} as const;
const CLIP_DIR = path.join(process.cwd(), "lib/providers/demo-clips");
const clips = new Map<string, Buffer>();

/** The clip for a video job: the same prompt always gets the same clip, upright frames a portrait one. */
function clipOf(job: DemoJob): Buffer {
  const portrait = job.p.aspect === "9:16" || job.p.aspect === "3:4";
  const choices = portrait ? CLIPS.portrait : CLIPS.landscape;
  const name = choices[parseInt(job.h.slice(0, 8), 16) % choices.length]!;
  let bytes = clips.get(name);
  if (!bytes) {
    bytes = readFileSync(path.join(CLIP_DIR, name));
    clips.set(name, bytes);
  }
  return bytes;
}
