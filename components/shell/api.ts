import { setBalance } from "./credits-store";

/** The error body of every API route (SPEC section 4). */
export type ApiErrorBody = { code: string; message: string; details?: Record<string, unknown> & { balance?: number } };

export type JsonAnswer<T> = {
  ok: boolean;
  status: number;
  /** The parsed body of a 2xx answer; null for an error or a body that is not JSON. */
  data: T | null;
  /** The `error` of a failed answer; null when it succeeded. */
  error: ApiErrorBody | null;
  headers: Headers;
};

type Init = Omit<RequestInit, "body"> & { body?: BodyInit | null; json?: unknown };

/**
 * Calls one of our API routes and parses its JSON. Every `balance` number the answer carries
 * (at the top, or in `error.details` of a 402 or a refunded failure) goes into the credits
 * store, so the header follows every page without more code:
 *
 *   const undo = spend(price);
 *   const { ok, data, error } = await fetchJson<{ generation: Generation }>("/api/image/generate", { method: "POST", json: body });
 *   if (!ok) { undo(); toast.error(error?.message ?? "Something went wrong."); }
 *
 * It throws, like fetch, only when the server cannot be reached.
 */
export async function fetchJson<T = unknown>(input: string, { json, headers, ...init }: Init = {}): Promise<JsonAnswer<T>> {
  const res = await fetch(input, {
    ...init,
    headers: json === undefined ? headers : { "content-type": "application/json", ...Object.fromEntries(new Headers(headers)) },
    body: json === undefined ? init.body : JSON.stringify(json),
  });
  const body: unknown = await res.json().catch(() => null);
  const error = !res.ok && isRecord(body) && isRecord(body.error) ? (body.error as ApiErrorBody) : null;
  const balance = res.ok && isRecord(body) ? body.balance : error?.details?.balance;
  if (typeof balance === "number" && Number.isFinite(balance)) setBalance(balance);
  return {
    ok: res.ok,
    status: res.status,
    data: res.ok ? (body as T) : null,
    error: res.ok ? null : (error ?? { code: "unknown", message: `The server answered ${res.status}.` }),
    headers: res.headers,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
