"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { cx } from "@/components/ui/cx";
import { FOCUS_RING } from "@/components/ui/focus-ring";
import { NavIcon } from "./nav-icon";
import { isCurrentPage, type NavPage } from "./nav-pages";

const LOOKS = {
  // A row of the sidebar and of the "More" sheet.
  row: {
    base: "flex items-center gap-3 rounded-xl px-3 py-2.5 text-sm font-semibold",
    idle: "text-white/70 hover:bg-white/5 hover:text-white",
    current: "bg-cyan-500/10 text-cyan-200 shadow-[inset_2px_0_0] shadow-cyan-400",
  },
  // A tab of the phone's bottom bar: icon over label.
  tab: {
    base: "flex min-w-0 flex-1 flex-col items-center justify-center gap-1 rounded-xl py-1.5 text-[11px] font-bold",
    idle: "text-white/60 hover:text-white",
    current: "text-cyan-300 [&_svg]:drop-shadow-[0_0_8px_rgb(34_211_238/0.7)]",
  },
} as const;

/**
 * A link to a signed-in page, marked as the current one (`aria-current="page"`) where the user is.
 * Every such page is rendered per request, so it is fetched ahead only when the user points at
 * it, not for each of the shell's links on every page view.
 */
export function NavLink({ page, look = "row", onNavigate }: { page: NavPage; look?: keyof typeof LOOKS; onNavigate?: () => void }) {
  const router = useRouter();
  const current = isCurrentPage(usePathname() ?? "", page.href);
  const style = LOOKS[look];
  const prefetch = () => !current && router.prefetch(page.href);
  return (
    <Link
      href={page.href}
      prefetch={false}
      onMouseEnter={prefetch}
      onFocus={prefetch}
      onTouchStart={prefetch}
      aria-current={current ? "page" : undefined}
      onClick={onNavigate}
      className={cx(style.base, current ? style.current : style.idle, "transition", FOCUS_RING)}
    >
      <NavIcon name={page.icon} className={look === "tab" ? "size-6" : "size-5"} />
      <span className="truncate">{page.label}</span>
    </Link>
  );
}
