// What the queue-style fakes (fal, Replicate, Higgsfield) share around their job book: the current
// behaviour, the webhooks they posted, and the setBehaviour/reset/flushWebhooks/close a test drives.
import { DEFAULT_BEHAVIOUR, type FakeBehaviour, type FakeJobBook } from "./fake-job-book";
import type { FakeServer } from "./fake-server";
import { postWebhook } from "./post-webhook";

/** One posted webhook: how the app answered, the body sent, and the fake's own id for the job. */
export type WebhookDelivery<Tag> = Awaited<ReturnType<typeof postWebhook>> & Tag & { rawBody: string };

export function createFakeControls<Tag extends object>() {
  let behaviour: FakeBehaviour = { ...DEFAULT_BEHAVIOUR };
  const webhooks: WebhookDelivery<Tag>[] = [];
  const pending = new Set<Promise<unknown>>();

  return {
    behaviour: () => behaviour,
    webhooks,
    /** Posts a webhook in the background and records its outcome in `webhooks`. */
    sendWebhook(url: string, rawBody: string, headers: Record<string, string>, tag: Tag) {
      const delivery = postWebhook(url, rawBody, headers).then((outcome) => {
        webhooks.push({ ...outcome, ...tag, rawBody });
      });
      pending.add(delivery);
      void delivery.finally(() => pending.delete(delivery));
    },
    /** The controls a test drives, once the fake's server and job book exist. */
    controlsFor(server: FakeServer, book: FakeJobBook) {
      return {
        setBehaviour(next: Partial<FakeBehaviour>) {
          behaviour = { ...behaviour, ...next };
        },
        reset() {
          behaviour = { ...DEFAULT_BEHAVIOUR };
          server.requests.length = 0;
          webhooks.length = 0;
        },
        /** Resolves once every webhook posted so far has been answered. */
        async flushWebhooks() {
          await Promise.all([...pending]);
        },
        async close() {
          book.stop();
          await server.close();
        },
      };
    },
  };
}
