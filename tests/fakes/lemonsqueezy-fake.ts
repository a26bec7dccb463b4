// A fake of the Lemon Squeezy API the SDK talks to: checkouts, one subscription, a subscription
// update. JSON:API in and out, Bearer key required, JSON error bodies (the SDK always parses).
import { startFakeServer, type FakeReply, type RecordedRequest } from "./fake-server";
import { invoiceObject, signBody, subscriptionObject, VARIANTS, webhookBody, type SubscriptionFixture } from "./lemonsqueezy-payloads";

const PRICE_CENTS: Record<string, number> = { [VARIANTS.growth]: 2900, [VARIANTS.pro]: 5900 };
const MONTH_MS = 30 * 24 * 60 * 60 * 1000;

const JSONAPI = { "content-type": "application/vnd.api+json" };

function error(status: number, title: string, detail: string): FakeReply {
  return { status, headers: JSONAPI, body: { jsonapi: { version: "1.0" }, errors: [{ detail, status: String(status), title }] } };
}

export async function startLemonSqueezyFake(apiKey = "test-lemon-api-key") {
  const subscriptions = new Map<string, SubscriptionFixture>();
  const owners = new Map<string, string>();
  let checkouts = 0;
  let variantUpdates = 0;
  let invoices = 0;
  let webhook: { url: string; secret: string } | null = null;
  const deliveries: Promise<unknown>[] = [];

  /** Posts an event to the app's webhook endpoint, signed, after the API call has answered. */
  function post(eventName: string, data: unknown, subscriptionId: string) {
    if (!webhook) return;
    const target = webhook;
    const body = webhookBody(eventName, data, owners.get(subscriptionId) ?? null);
    deliveries.push(
      new Promise((r) => setTimeout(r, 20)).then(() =>
        fetch(target.url, { method: "POST", headers: { "content-type": "application/json", "x-event-name": eventName, "x-signature": signBody(body, target.secret) }, body }),
      ),
    );
  }

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
        const attributes = (req.body as { data?: { attributes?: { variant_id?: number; invoice_immediately?: boolean; disable_prorations?: boolean } } })?.data?.attributes ?? {};
        const variant = attributes.variant_id;
        if (variant && String(variant) !== sub.variantId) {
          variantUpdates += 1;
          const before = PRICE_CENTS[sub.variantId] ?? 0;
          sub.variantId = String(variant);
          // Each change moves updated_at forward, even past a fixture's clock.
          sub.updatedAt = new Date(Math.max(Date.now(), Date.parse(sub.updatedAt) + 1000)).toISOString();
          post("subscription_updated", subscriptionObject(sub), sub.id);
          // invoice_immediately charges the prorated difference now on an invoice of its own
          // (billing_reason "updated"); disable_prorations overrides it and charges nothing.
          const difference = (PRICE_CENTS[sub.variantId] ?? 0) - before;
          if (attributes.invoice_immediately && !attributes.disable_prorations && difference > 0) {
            const renews = sub.renewsAt ? Date.parse(sub.renewsAt) : Date.now() + MONTH_MS;
            const left = Math.min(Math.max(renews - Date.now(), 0), MONTH_MS);
            const total = Math.round((difference * left) / MONTH_MS);
            const invoice = invoiceObject({ id: `9${sub.id}${++invoices}`, subscriptionId: sub.id, billingReason: "updated", total, createdAt: sub.updatedAt });
            prorated.push(invoice);
            post("subscription_payment_success", invoice, sub.id);
          }
        }
      } else if (req.method !== "GET") return undefined;
      return { status: 200, headers: JSONAPI, body: { jsonapi: { version: "1.0" }, data: subscriptionObject(sub) } };
    }
    return undefined;
  });

  const prorated: ReturnType<typeof invoiceObject>[] = [];

  return {
    url: server.url,
    apiKey,
    requests: server.requests,
    subscriptions,
    /** The prorated invoices plan changes made, newest last. */
    prorated,
    /** Where plan changes post their webhooks, as a Lemon Squeezy store's webhook would. */
    setWebhook(url: string, secret: string) {
      webhook = { url, secret };
    },
    /** Waits for every webhook posted so far. */
    flushWebhooks: () => Promise.all(deliveries),
    get variantUpdates() {
      return variantUpdates;
    },
    setSubscription(s: SubscriptionFixture, ownerId?: string) {
      subscriptions.set(s.id, { ...s });
      if (ownerId) owners.set(s.id, ownerId);
    },
    close: server.close,
  };
}

export type LemonSqueezyFake = Awaited<ReturnType<typeof startLemonSqueezyFake>>;
