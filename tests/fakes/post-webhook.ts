/** Posts a webhook the way a provider would; the outcome is returned for the test, never thrown. */
export async function postWebhook(
  url: string,
  rawBody: string,
  headers: Record<string, string>,
): Promise<{ url: string; status?: number; error?: string }> {
  try {
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: rawBody });
    await res.arrayBuffer();
    return { url, status: res.status };
  } catch (error) {
    return { url, error: String(error) };
  }
}
