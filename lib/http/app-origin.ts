// The origin every redirect and absolute link is built on: APP_URL, never a request's Host or
// X-Forwarded-Host (a client or a misconfigured proxy could name any site there). Without APP_URL
// (development) the request's own URL stands in. Read through an alias so Next does not inline it.
const env = process.env;

/** APP_URL's origin, or null when it is unset (or unreadable, which the doctor reports). */
export function configuredAppOrigin(): string | null {
  const configured = env["APP_URL"]?.trim();
  if (!configured) return null;
  try {
    return new URL(configured).origin;
  } catch {
    return null;
  }
}

export function appOrigin(req: Request | { url: string }): string {
  return configuredAppOrigin() ?? new URL(req.url).origin;
}
