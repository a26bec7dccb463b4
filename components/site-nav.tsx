import Link from "next/link";

export function SiteNav() {
  return (
    <header className="sticky top-0 z-40 border-b border-white/10 bg-black/60 backdrop-blur-xl">
      <nav className="mx-auto flex h-16 max-w-6xl items-center justify-between px-6">
        <Link href="/" className="text-lg font-black tracking-tight">
          Nexora<span className="text-cyan-400">.</span>
        </Link>
        <div className="flex items-center gap-6 text-sm font-semibold text-white/70">
          <Link href="/pricing" className="hover:text-white">Pricing</Link>
          <Link href="/terms" className="hover:text-white">Terms</Link>
          <Link href="/studio" className="glow rounded-full bg-cyan-500 px-4 py-2 font-bold text-black hover:bg-cyan-400">
            Open studio
          </Link>
        </div>
      </nav>
    </header>
  );
}
