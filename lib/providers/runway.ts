// Runway Gen-4.5 through the official SDK (PROVIDERS.md section 7): create a text-to-video (or
// image-to-video) task, poll GET /v1/tasks/{id}, cancel with DELETE. Runway has no webhooks, so
// the pipeline's own polling drives the job; the SDK's waitForTaskOutput is never used.
import RunwayML, { APIConnectionTimeoutError, APIError } from "@runwayml/sdk";
import { buildModelInput } from "./model-inputs";
import { isTransientFailure, providerErrorOf } from "./provider-error-of";
import { ProviderError, TransientProviderError, type FailureKind, type JobInput, type JobState, type Provider } from "./types";

export type RunwayProviderOptions = {
  apiKey?: string;
  /** Replaces https://api.dev.runwayml.com (a proxy, a test fake); paths already start with /v1. */
  baseURL?: string;
  /** Per call; a call that takes longer fails as a timeout. */
  timeoutMs?: number;
  /**
   * The SDK's own retries. None by default: a create carries no idempotency key, so a retried
   * one can start (and bill) a second task, and a failed poll is retried by the next poll anyway.
   */
  maxRetries?: number;
};

type TextToVideoBody = Parameters<RunwayML["textToVideo"]["create"]>[0];
type ImageToVideoBody = Parameters<RunwayML["imageToVideo"]["create"]>[0];
type Task = { id?: unknown; status?: unknown; output?: unknown; failureCode?: unknown };

function runwayErrorOf(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof APIConnectionTimeoutError) {
    return new ProviderError({ kind: "timeout", message: "Runway did not answer in time" }, { cause: error });
  }
  if (error instanceof APIError && error.status !== undefined) {
    const text = (error.error as { error?: unknown } | undefined)?.error;
    return providerErrorOf("Runway", error, { status: error.status, message: typeof text === "string" ? text : undefined });
  }
  return providerErrorOf("Runway", error);
}

/** Runway's failure codes are dot-separated; only the code, never its raw `failure` text, reaches our message. */
function failureKindOf(code: string | undefined): FailureKind {
  if (code && /^(INPUT_PREPROCESSING\.)?SAFETY\./.test(code)) return "moderation";
  if (code === "ASSET.INVALID") return "rejected";
  return "http";
}

function stateOfTask(task: unknown, id: string): JobState {
  const { status, output, failureCode } = (task ?? {}) as Task;
  switch (status) {
    case "PENDING":
    case "THROTTLED":
      return { status: "queued", providerJobId: id };
    case "RUNNING":
      return { status: "running", providerJobId: id };
    case "SUCCEEDED": {
      const urls = Array.isArray(output) ? output.filter((url): url is string => typeof url === "string" && url !== "") : [];
      if (urls.length === 0) {
        return { status: "failed", providerJobId: id, failure: { kind: "empty_output", message: "Runway finished without any output" } };
      }
      return { status: "succeeded", providerJobId: id, outputs: urls.map((url) => ({ type: "url", url, contentType: "video/mp4" })) };
    }
    case "FAILED": {
      const code = typeof failureCode === "string" && failureCode ? failureCode : undefined;
      const message = `Runway could not make this clip${code ? ` (${code})` : ""}`;
      return { status: "failed", providerJobId: id, failure: { kind: failureKindOf(code), message } };
    }
    case "CANCELLED":
      return { status: "failed", providerJobId: id, failure: { kind: "cancelled", message: "the task was cancelled" } };
    default:
      throw new ProviderError({ kind: "malformed", message: "Runway answered something that is not a task" });
  }
}

export function createRunwayProvider(options: RunwayProviderOptions): Provider {
  let client: RunwayML | undefined;

  const clientOf = (): RunwayML => {
    if (!options.apiKey) throw new ProviderError({ kind: "http", message: "Runway has no API key" });
    return (client ??= new RunwayML({
      apiKey: options.apiKey,
      baseURL: options.baseURL,
      timeout: options.timeoutMs ?? 30_000,
      maxRetries: options.maxRetries ?? 0,
    }));
  };

  return {
    id: "runway",
    available: () => Boolean(options.apiKey),

    async submit(input: JobInput): Promise<JobState> {
      const body = { model: input.endpoint, ...buildModelInput(input.model, input.prompt, input.params) };
      // An image to animate arrives with the params (the mapping puts it in promptImage); its
      // presence picks the image-to-video call.
      const image = input.params.image;
      let task: { id?: unknown };
      try {
        task = image
          ? await clientOf().imageToVideo.create(body as ImageToVideoBody)
          : await clientOf().textToVideo.create(body as TextToVideoBody);
      } catch (error) {
        throw runwayErrorOf(error);
      }
      if (typeof task?.id !== "string" || !task.id) {
        throw new ProviderError({ kind: "malformed", message: "Runway accepted the task without an id" });
      }
      return { status: "queued", providerJobId: task.id };
    },

    async status(_input, taskId): Promise<JobState> {
      try {
        return stateOfTask(await clientOf().tasks.retrieve(taskId), taskId);
      } catch (error) {
        const failure = runwayErrorOf(error);
        throw isTransientFailure(failure) ? new TransientProviderError(failure.message, { cause: failure }) : failure;
      }
    },

    async cancel(_input, taskId): Promise<void> {
      try {
        await clientOf().tasks.delete(taskId);
      } catch (error) {
        // Already deleted: there is nothing left to stop.
        if (error instanceof APIError && error.status === 404) return;
        throw runwayErrorOf(error);
      }
    },
  };
}
