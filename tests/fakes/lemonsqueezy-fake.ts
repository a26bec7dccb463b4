// A fake of the Lemon Squeezy API the SDK talks to: checkouts, one subscription, a subscription
// update. JSON:API in and out, Bearer key required, JSON error bodies (the SDK always parses).
import { startFakeServer, type FakeReply, type RecordedRequest } from "./fake-server";
import { subscriptionObject, type SubscriptionFixture } from "./lemonsqueezy-payloads";

const JSONAPI = { "content-type": "application/vnd.api+json" };

function error(status: number, title: string, detail: string): FakeReply {
  return { status, headers: JSONAPI, body: { jsonapi: { version: "1.0" }, errors: [{ detail, status: String(status), title }] } };
}

export async function startLemonSqueezyFake(apiKey = "test-lemon-api-key") {
  const subscriptions = new Map<string, SubscriptionFixture>();
  let checkouts = 0;
  let variantUpdates = 0;

  const server = await startFakeServer((req: RecordedRequest) => {
    if (req.headers["authorization"] !== `Bearer ${apiKey}`) return error(401, "Unauthorized", "Unauthenticated.");
    if (req.headers["accept"] !== "application/vnd.api+json") return error(406, "Not Acceptable", "Wrong Accept header.");

    if (req.method === "POST" && req.pathname === "/v1/checkouts") {
      const data = (req.body as { data?: { type?: string; attributes?: Record<string, any>; relationships?: Record<string, any> } })?.data;
      const store = data?.relationships?.store?.data?.id;
      const variant = data?.relationships?.variant?.data?.id;
      if (data?.type !== "checkouts" || !store || !variant) {
        return error(422, "Unprocessable Entity", "The store and variant relationships are required.");
      }
      const id = `chk_${++checkouts}`;
      const now = new Date().toISOString();
      return {
        status: 201,
        headers: JSONAPI,
        body: {
          jsonapi: { version: "1.0" },
          links: { self: `https://api.lemonsqueezy.com/v1/checkouts/${id}` },
          data: {
            type: "checkouts",
            id,
            attributes: {
              store_id: Number(store),
              variant_id: Number(variant),
              custom_price: null,
              product_options: data.attributes?.product_options ?? {},
              checkout_options: data.attributes?.checkout_options ?? {},
              checkout_data: data.attributes?.checkout_data ?? {},
              preview: false,
              expires_at: null,
              created_at: now,
              updated_at: now,
              test_mode: true,
              url: `https://nexora.lemonsqueezy.com/checkout/custom/${id}?signature=abc`,
            },
            links: { self: `https://api.lemonsqueezy.com/v1/checkouts/${id}` },
          },
        },
      };
    }

    const match = /^\/v1\/subscriptions\/([^/]+)$/.exec(req.pathname);
    if (match) {
      const sub = subscriptions.get(match[1]);
      if (!sub) return error(404, "Not Found", "The requested resource was not found.");
      if (req.method === "PATCH") {
        const variant = (req.body as { data?: { attributes?: { variant_id?: number } } })?.data?.attributes?.variant_id;
        if (variant) {
          variantUpdates += 1;
          sub.variantId = String(variant);
          // Each change moves updated_at forward, even past a fixture's clock.
          sub.updatedAt = new Date(Math.max(Date.now(), Date.parse(sub.updatedAt) + 1000)).toISOString();
        }
      } else if (req.method !== "GET") return undefined;
      return { status: 200, headers: JSONAPI, body: { jsonapi: { version: "1.0" }, data: subscriptionObject(sub) } };
    }
    return undefined;
  });

  return {
    url: server.url,
    apiKey,
    requests: server.requests,
    subscriptions,
    get variantUpdates() {
      return variantUpdates;
    },
    setSubscription(s: SubscriptionFixture) {
      subscriptions.set(s.id, { ...s });
    },
    close: server.close,
  };
}

export type LemonSqueezyFake = Awaited<ReturnType<typeof startLemonSqueezyFake>>;
