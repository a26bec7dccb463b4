// Higgsfield's documented platform API (PROVIDERS.md section 5) over plain fetch. No single
// Higgsfield model takes faces and a camera move and returns a video, so the Director runs three
// calls: a Soul ID trained at `/v1/custom-references`, a Soul keyframe with it, and DoP animating
// the keyframe with a motion id looked up (and cached) from `/v1/motions`. Requests are polled at
// /requests/{id}/status and cancelled while still queued.
import { endpointOf, resolveEndpoint, type CameraMotion } from "@/lib/catalog";
import { stateOfHiggsfieldStatus, type HiggsfieldStatusLike } from "./higgsfield-status";
import { isTransientFailure, providerErrorOf } from "./provider-error-of";
import {
  ProviderError,
  TransientProviderError,
  type DirectorSteps,
  type JobState,
  type Provider,
  type TrainingState,
} from "./types";

export const HIGGSFIELD_DEFAULT_BASE_URL = "https://platform.higgsfield.ai";

/**
 * Our camera moves as Higgsfield's motions list names them (configuration: the ids are looked
 * up by name at run time). A move whose name is missing from the list goes in the prompt instead.
 */
export const MOTION_NAMES: Record<CameraMotion, string> = {
  pan: "Pan",
  zoom: "Zoom In",
  tilt: "Tilt Up",
  dolly: "Dolly In",
  orbit: "360 Orbit",
  static: "Static",
};
const MOTION_STRENGTH = 0.8;
const MOTIONS_TTL_MS = 60 * 60 * 1000;
/** Soul IDs are trained for the Soul endpoints of this version (the keyframe's). */
const SOUL_MODEL_VERSION = "v1";

export type HiggsfieldProviderOptions = {
  /** `key_id:key_secret`, sent as `Authorization: Key …`. */
  apiKey?: string;
  baseUrl?: string;
  timeoutMs?: number;
};

type Motion = { id: string; name: string };

function detailOf(body: unknown): string | undefined {
  const detail = (body as { detail?: unknown } | undefined)?.detail;
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) {
    return (
      detail
        .map((d: { msg?: unknown; loc?: unknown }) => [Array.isArray(d?.loc) ? d.loc.join(".") : "", String(d?.msg ?? "")].filter(Boolean).join(": "))
        .filter(Boolean)
        .join("; ") || undefined
    );
  }
  return undefined;
}

export function createHiggsfieldProvider(options: HiggsfieldProviderOptions): Provider & { director: DirectorSteps } {
  const baseUrl = (options.baseUrl || HIGGSFIELD_DEFAULT_BASE_URL).replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? 30_000;
  let motions: { at: number; list: Promise<Motion[]> } | undefined;

  /** One call; any error answer becomes a ProviderError, so callers only read success bodies. */
  async function call(method: "GET" | "POST", path: string, body?: unknown, headers: Record<string, string> = {}): Promise<unknown> {
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          Authorization: `Key ${options.apiKey ?? ""}`,
          Accept: "application/json",
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw providerErrorOf("Higgsfield", error);
    }
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch (error) {
      if (response.ok) throw providerErrorOf("Higgsfield", error);
    }
    if (!response.ok) throw providerErrorOf("Higgsfield", undefined, { status: response.status, message: detailOf(parsed) });
    return parsed;
  }

  /** A poll that failed without saying anything about the job is asked again later. */
  async function poll<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      const failure = error instanceof ProviderError ? error : providerErrorOf("Higgsfield", error);
      throw isTransientFailure(failure) ? new TransientProviderError(failure.message, { cause: failure }) : failure;
    }
  }

  function stateOf(body: unknown, knownId?: string): JobState {
    if (!body || typeof body !== "object" || typeof (body as HiggsfieldStatusLike).status !== "string") {
      throw new ProviderError({ kind: "malformed", message: "Higgsfield answered something that is not a request status" });
    }
    return stateOfHiggsfieldStatus(body as HiggsfieldStatusLike, knownId);
  }

  /** Submits a model input to the model's own path; the key makes a repeated submit find the first one's request. */
  async function submitRequest(endpoint: string, input: Record<string, unknown>, idempotencyKey: string): Promise<JobState> {
    const body = await call("POST", `/${endpoint.replace(/^\/+/, "")}`, input, { "Idempotency-Key": idempotencyKey });
    const state = stateOf(body);
    if (!state.providerJobId) throw new ProviderError({ kind: "malformed", message: "Higgsfield accepted the request without a request id" });
    if (state.status === "failed") throw new ProviderError(state.failure);
    return state;
  }

  function motionList(): Promise<Motion[]> {
    if (!motions || Date.now() - motions.at > MOTIONS_TTL_MS) {
      const list = call("GET", "/v1/motions").then((body) => {
        if (!Array.isArray(body)) throw new ProviderError({ kind: "malformed", message: "Higgsfield's motions list is not a list" });
        return body.filter((m): m is Motion => typeof m?.id === "string" && typeof m?.name === "string");
      });
      motions = { at: Date.now(), list };
      list.catch(() => (motions = undefined));
    }
    return motions.list;
  }

  const director: DirectorSteps = {
    async trainCharacter({ name, anchorUrls }) {
      const body = (await call("POST", "/v1/custom-references", {
        name: name.slice(0, 100),
        input_images: anchorUrls.map((url) => ({ type: "image_url", image_url: url })),
        model_version: SOUL_MODEL_VERSION,
      })) as { id?: unknown } | undefined;
      if (typeof body?.id !== "string" || !body.id) {
        throw new ProviderError({ kind: "malformed", message: "Higgsfield accepted the character without an id" });
      }
      return { referenceId: body.id };
    },

    async trainingStatus(referenceId): Promise<TrainingState> {
      const body = await poll(() => call("GET", `/v1/custom-references/${encodeURIComponent(referenceId)}`));
      const { status, fail_reason } = (body ?? {}) as { status?: unknown; fail_reason?: unknown };
      switch (status) {
        case "completed":
          return { status: "ready" };
        case "failed":
          return {
            status: "failed",
            failure: { kind: "rejected", message: `Higgsfield could not train the character${typeof fail_reason === "string" && fail_reason ? `: ${fail_reason}` : ""}` },
          };
        case "not_ready":
        case "queued":
        case "in_progress":
          return { status: "training" };
        default:
          throw new ProviderError({ kind: "malformed", message: `Higgsfield answered an unknown training status: ${String(status)}` });
      }
    },

    submitKeyframe({ model, prompt, referenceId, aspect, idempotencyKey }) {
      const endpoint = model.director ? resolveEndpoint(model.director.keyframe) : "";
      if (!endpoint) throw new ProviderError({ kind: "rejected", message: `${model.id} has no keyframe model configured` });
      return submitRequest(
        endpoint,
        {
          prompt,
          custom_reference_id: referenceId,
          custom_reference_strength: 1,
          aspect_ratio: aspect ?? "16:9",
          resolution: "1080p",
          batch_size: 1,
        },
        idempotencyKey,
      );
    },

    async submitShot({ model, prompt, imageUrl, motion, duration, idempotencyKey }) {
      const wanted = MOTION_NAMES[motion];
      const found = (await motionList()).find((m) => m.name.toLowerCase() === wanted.toLowerCase());
      const input: Record<string, unknown> = {
        prompt: found ? prompt : `${prompt} (camera: ${wanted.toLowerCase()})`,
        image_url: imageUrl,
        motions: found ? [{ id: found.id, strength: MOTION_STRENGTH }] : [],
        enhance_prompt: true,
      };
      // DoP takes no duration; a configured shot model that makes longer shots is told its length.
      if (duration !== 5) input.duration = duration;
      return submitRequest(endpointOf(model), input, idempotencyKey);
    },
  };

  return {
    id: "higgsfield",
    available: () => Boolean(options.apiKey),
    director,

    async submit(input): Promise<JobState> {
      throw new ProviderError({ kind: "rejected", message: `${input.model.id} runs as Director steps, not as one request` });
    },

    status: (_input, requestId) => poll(async () => stateOf(await call("GET", `/requests/${encodeURIComponent(requestId)}/status`), requestId)),

    async cancel(_input, requestId): Promise<void> {
      // A character's training is not a request; it is kept for the next job with these anchors.
      if (requestId.startsWith("character:")) return;
      try {
        await call("POST", `/requests/${encodeURIComponent(requestId)}/cancel`);
      } catch (error) {
        // 400: the request already started and Higgsfield cannot stop it any more.
        if (error instanceof ProviderError && error.failure.providerStatus === 400) return;
        throw error;
      }
    },
  };
}
