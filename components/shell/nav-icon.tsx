import type { NavIcon as Name } from "./nav-pages";

const PATHS: Record<Name, string> = {
  studio: "M4 5h16v14H4zM4 15l4.5-4.5 4 4 2.5-2.5L20 17M15.5 9.5h.01",
  director: "M3 7h12v10H3zM15 10.5 21 7v10l-6-3.5",
  assistant: "M4 5h16v11H9l-5 4zM8.5 10.5h.01M12 10.5h.01M15.5 10.5h.01",
  kits: "M4 8h16v11H4zM9 8V5h6v3M4 13h16",
  calendar: "M4 6h16v14H4zM4 10h16M8 3v5M16 3v5",
  history: "M4 12a8 8 0 1 0 2.3-5.6M4 4v4h4M12 8v4l3 2",
  reports: "M5 20V10M10 20V4M15 20v-7M20 20v-4",
  billing: "M3 6h18v12H3zM3 10h18M7 15h4",
  admin: "M12 3l8 3v6c0 4.5-3.4 8-8 9-4.6-1-8-4.5-8-9V6zM9 12l2 2 4-4",
};

/** The line icon of a page in the sidebar, the bottom bar and the "More" sheet. */
export function NavIcon({ name, className = "size-5" }: { name: Name; className?: string }) {
  return (
    <svg aria-hidden viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" className={`shrink-0 ${className}`}>
      <path d={PATHS[name]} />
    </svg>
  );
}
