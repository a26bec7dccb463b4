import { requirePageUser } from "@/lib/auth/page-user";
import { Assistant } from "./assistant";

export const metadata = { title: "Assistant" };

// The marketing assistant: the answer appears as the model writes it.
export default async function AssistantPage() {
  const { account } = await requirePageUser("/assistant");
  return <Assistant initialBalance={account.balance} />;
}
