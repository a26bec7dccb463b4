import { requirePageUser } from "@/lib/auth/page-user";
import { findModel } from "@/lib/catalog";
import { Kits } from "./kits";

export const metadata = { title: "Marketing kits" };

// Marketing kits: a brief in, a headline, a caption per channel, hashtags, an email and a call to action out.
export default async function KitsPage({ searchParams }: { searchParams: Promise<{ kit?: string | string[] }> }) {
  const { account } = await requirePageUser("/kits");
  const { kit } = await searchParams;
  return <Kits initialBalance={account.balance} price={findModel("marketing-kit")!.credits} initialKitId={typeof kit === "string" ? kit : null} />;
}
