import { requirePageUser } from "@/lib/auth/page-user";
import { Studio } from "./studio";

export const metadata = { title: "Studio" };

// The Studio: pick a model, write a prompt, watch results arrive. Everything after the first
// render goes through the API, like any other client would.
export default async function StudioPage() {
  const { account } = await requirePageUser("/studio");
  return <Studio plan={account.plan} initialBalance={account.balance} />;
}
