import { DemoBanner } from "@/components/demo-banner";
import { SiteNav } from "@/components/site-nav";

export default function SiteLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <DemoBanner />
      <SiteNav />
      <main>{children}</main>
      <footer className="border-t border-white/10 py-10 text-center text-sm text-white/55">
        © {new Date().getFullYear()} Nexora Studio
      </footer>
    </>
  );
}
