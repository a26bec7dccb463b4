import { requirePageUser } from "@/lib/auth/page-user";
import { findModel } from "@/lib/catalog";
import { Reports } from "./reports";

export const metadata = { title: "Reports" };

// Production reports: figures counted from the user's own history, charted, with a written reading.
export default async function ReportsPage({ searchParams }: { searchParams: Promise<{ report?: string | string[] }> }) {
  const { account } = await requirePageUser("/reports");
  const { report } = await searchParams;
  return <Reports initialBalance={account.balance} price={findModel("production-report")!.credits} initialReportId={typeof report === "string" ? report : null} />;
}
