import type { EventOutcome } from "./billing-change";
import { customUserId, type LemonWebhook } from "../lemon/lemon-payload";

// order_created comes with subscription_created; the subscription and its first payment carry
// everything we act on, so the order is only stored against its user.
export function readOrderCreated(event: LemonWebhook): EventOutcome {
  return { apply: { user_id: customUserId(event), subscription_id: null } };
}
