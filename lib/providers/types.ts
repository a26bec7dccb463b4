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
  /** Director: the stored anchor images (storage keys, never bytes), when no saved character is picked. */
  anchorKeys?: string[];
  /** Director: the hash the anchors' character is saved under. */
  anchorsHash?: string;
  /** Director: a saved character to use instead of anchors. */
  characterId?: string;
  /** Director: the name a new character is saved under. */
  characterName?: string;
  /** Director: the camera move. */
  motion?: CameraMotion;
  /** Animate: the user's own image generation whose output becomes the first frame. */
  imageFrom?: string;
  /** A still to animate (a short-lived https link): the model's image-to-video call runs it. Never stored. */
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
  | { status: "queued"; providerJobId: string; /** requests ahead of it, where the provider says */ queuePosition?: number }
  | { status: "running"; providerJobId: string }
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
  /** The Director's steps, for a provider that runs them. */
  readonly director?: DirectorSteps;
}

/** A character's training at the provider. */
export type TrainingState =
  | { status: "training" }
  | { status: "ready" }
  | { status: "failed"; failure: ProviderFailure };

/**
 * A Director job's provider calls, one per step (SPEC section 2): train a character from anchor
 * images, make a keyframe of the prompt with it, animate the keyframe with a camera motion. The
 * keyframe and the shot are provider jobs polled like any other (`Provider.status`); each submit
 * carries an idempotency key, so a submit repeated after a crash finds the job the first one made.
 */
export interface DirectorSteps {
  trainCharacter(input: { name: string; anchorUrls: string[] }): Promise<{ referenceId: string }>;
  trainingStatus(referenceId: string): Promise<TrainingState>;
  submitKeyframe(input: { model: Model; prompt: string; referenceId: string; aspect?: AspectRatio; idempotencyKey: string }): Promise<JobState>;
  submitShot(input: {
    model: Model;
    prompt: string;
    imageUrl: string;
    motion: CameraMotion;
    duration: number;
    idempotencyKey: string;
  }): Promise<JobState>;
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
