import { requirePageUser } from "@/lib/auth/page-user";
import { isUuid } from "@/lib/http/is-uuid";
import { History, type Filters } from "./history";

export const metadata = { title: "History" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const one = (value: string | string[] | undefined) => (typeof value === "string" ? value : "");

// Every generation with what it cost; the filters start from the address, so a filtered view can
// be bookmarked or shared with oneself. The list itself is read from the API by the client.
export default async function HistoryPage({ searchParams }: { searchParams: SearchParams }) {
  await requirePageUser("/history");
  const params = await searchParams;
  const initial: Filters = {
    kind: one(params.kind),
    model: one(params.model),
    status: one(params.status),
    from: one(params.from),
    to: one(params.to),
    q: one(params.q).slice(0, 200),
    favourites: one(params.favourites) === "true",
  };
  // ?open=<id> opens that generation's details (Billing links each of its rows so).
  const open = one(params.open);
  return <History initial={initial} openId={isUuid(open) ? open : null} />;
}
