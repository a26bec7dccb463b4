export type NavIcon = "studio" | "director" | "assistant" | "kits" | "calendar" | "history" | "reports" | "billing" | "admin";

export type NavPage = {
  href: string;
  label: string;
  icon: NavIcon;
  /** In the phone's bottom bar; the rest are one tap away under "More". */
  primary?: boolean;
};

/** Every signed-in page, in the order of the sidebar. */
export const NAV_PAGES: readonly NavPage[] = [
  { href: "/studio", label: "Studio", icon: "studio", primary: true },
  { href: "/director", label: "Director", icon: "director", primary: true },
  { href: "/assistant", label: "Assistant", icon: "assistant", primary: true },
  { href: "/kits", label: "Marketing kits", icon: "kits" },
  { href: "/calendar", label: "Calendar", icon: "calendar" },
  { href: "/history", label: "History", icon: "history", primary: true },
  { href: "/reports", label: "Reports", icon: "reports" },
  { href: "/billing", label: "Billing", icon: "billing" },
];

export const ADMIN_PAGE: NavPage = { href: "/admin", label: "Admin", icon: "admin" };

/** The pages a user may open: everyone's, and the admin console for admins. */
export function navPagesFor(isAdmin: boolean): readonly NavPage[] {
  return isAdmin ? [...NAV_PAGES, ADMIN_PAGE] : NAV_PAGES;
}

/** Whether a page's link is the one for where the user is (its own subpages included). */
export function isCurrentPage(pathname: string, href: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`);
}
