"use client";

import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import { cx } from "@/components/ui/cx";
import { FOCUS_RING } from "@/components/ui/focus-ring";
import { Sheet } from "@/components/ui/sheet";
import { NavLink } from "./nav-link";
import { isCurrentPage, type NavPage } from "./nav-pages";

type Props = {
  pages: readonly NavPage[];
  /** Who is signed in and the way out, shown in the "More" sheet. */
  userMenu: React.ReactNode;
};

/**
 * The phone's navigation: the main pages in a bar fixed to the bottom, and "More" for a sheet
 * with every page and the user menu. Hidden from md up, where the sidebar takes over.
 */
export function BottomBar({ pages, userMenu }: Props) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname() ?? "";
  // Arriving on a page closes the sheet, whichever way the user got there.
  useEffect(() => setOpen(false), [pathname]);
  const elsewhere = pages.some((p) => !p.primary && isCurrentPage(pathname, p.href));

  return (
    <>
      <nav
        aria-label="Main pages"
        className="fixed inset-x-0 bottom-0 z-30 border-t border-white/10 bg-black/70 pb-[env(safe-area-inset-bottom)] backdrop-blur-xl md:hidden"
      >
        <div className="flex h-16 items-stretch gap-1 px-2">
          {pages
            .filter((p) => p.primary)
            .map((page) => (
              <NavLink key={page.href} page={page} look="tab" />
            ))}
          <button
            type="button"
            onClick={() => setOpen(true)}
            aria-haspopup="dialog"
            aria-expanded={open}
            className={cx(
              "flex min-w-0 flex-1 flex-col items-center justify-center gap-1 rounded-xl py-1.5 text-[11px] font-bold transition",
              elsewhere ? "text-cyan-300" : "text-white/60 hover:text-white",
              FOCUS_RING,
            )}
          >
            <svg aria-hidden viewBox="0 0 24 24" className="size-6 fill-current">
              <circle cx="5" cy="12" r="2" />
              <circle cx="12" cy="12" r="2" />
              <circle cx="19" cy="12" r="2" />
            </svg>
            More
          </button>
        </div>
      </nav>
      <Sheet open={open} onOpenChange={setOpen} title="All pages" side="bottom">
        <nav aria-label="All pages" className="grid grid-cols-2 gap-1">
          {pages.map((page) => (
            <NavLink key={page.href} page={page} onNavigate={() => setOpen(false)} />
          ))}
        </nav>
        <div className="mt-5">{userMenu}</div>
      </Sheet>
    </>
  );
}
