// The one interface every provider adapter implements. Providers know nothing of credits or
// users: they take a job, and report its state.
import type { AspectRatio, CameraMotion, ImageSize, Model } from "@/lib/catalog";

export type { AspectRatio, ImageSize } from "@/lib/catalog";

/** Options a generation carries, already validated per model by the route's schema. */
export type GenerationParams = {
  aspect?: AspectRatio;
  size?: ImageSize;
  /** Video and director clips: one of the model's durations, in seconds. */
  duration?: number;
  /** Director: one to four facial anchor images (https or data: URLs). */
  anchors?: string[];
  /** Director: the camera move. */
  motion?: CameraMotion;
  /** A still to animate (https or data: URL): the model's image-to-video call runs it. */
  image?: string;
};

export type JobInput = {
  model: Model;
  /** The upstream endpoint (fal app id, Replicate model, OpenAI model, Higgsfield model id). */
  endpoint: string;
  prompt: string;
  params: GenerationParams;
  /** Our generation id, for logs and providers that accept a client reference. */
  generationId: string;
  /** Where the provider should post completion, when webhooks are configured. */
  webhookUrl?: string;
};

/** A result as the provider hands it over: a (usually expiring) URL or inline bytes. */
export type ProviderOutput =
  | { type: "url"; url: string; contentType?: string }
  | { type: "inline"; base64: string; contentType: string };

export type FailureKind =
  | "http" // the provider answered an error status
  | "timeout" // it did not answer in time
  | "malformed" // it answered something we cannot read
  | "moderation" // it refused the prompt or the output for safety
  | "empty_output" // it finished without producing anything
  | "rejected" // it refused the input (validation)
  | "cancelled";

export type ProviderFailure = { kind: FailureKind; message: string; providerStatus?: number };

export type JobState =
  | { status: "queued" | "running"; providerJobId: string }
  | { status: "succeeded"; providerJobId: string; outputs: ProviderOutput[] }
  | { status: "failed"; providerJobId?: string; failure: ProviderFailure };

export interface Provider {
  readonly id: string;
  /**
   * Seconds after which its jobs are certainly over, where the provider itself bounds them (the
   * demo provider's 30); the model's own timeout applies otherwise.
   */
  readonly jobTimeoutSeconds?: number;
  /** Whether the provider is configured (its key is set); unconfigured models answer 503. */
  available(): boolean;
  /** Sends the job. Synchronous providers may answer a terminal state at once. */
  submit(input: JobInput): Promise<JobState>;
  /** The job's current state, results included once it succeeded. */
  status(input: Pick<JobInput, "model" | "endpoint">, providerJobId: string): Promise<JobState>;
  /** Asks the provider to stop, where it can. */
  cancel?(input: Pick<JobInput, "model" | "endpoint">, providerJobId: string): Promise<void>;
}

/** Thrown by adapters for failures that end the job; anything else is a bug or a transient fault. */
export class ProviderError extends Error {
  constructor(
    readonly failure: ProviderFailure,
    options?: { cause?: unknown },
  ) {
    super(failure.message, options);
    this.name = "ProviderError";
  }
}

/**
 * Thrown by `status` when the poll itself failed in a way that says nothing about the job (the
 * provider was briefly down, slow, or answered garbage): keep the job as it is and poll again
 * later; the sweeper ends it if this never clears.
 */
export class TransientProviderError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "TransientProviderError";
  }
}
