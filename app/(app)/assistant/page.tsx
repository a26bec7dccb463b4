import { requirePageUser } from "@/lib/auth/page-user";
import { findModel } from "@/lib/catalog";
import { Assistant } from "./assistant";

export const metadata = { title: "Assistant" };

// The marketing assistant: streaming answers in threads that are kept; ?thread=<id> opens one.
export default async function AssistantPage({ searchParams }: { searchParams: Promise<{ thread?: string | string[] }> }) {
  const { account } = await requirePageUser("/assistant");
  const { thread } = await searchParams;
  return <Assistant price={findModel("assistant")!.credits} initialBalance={account.balance} initialThreadId={typeof thread === "string" && thread ? thread : null} />;
}
