/** What a demo deployment says at the top of every page (the markup alone; see DemoBanner). */
export function DemoBannerView() {
  return (
    <div role="status" data-testid="demo-banner" className="relative z-50 border-b border-amber-400/30 bg-amber-400/10 px-4 py-2 text-center text-sm text-amber-100">
      <strong className="font-bold">Demo deployment.</strong> Anyone can sign in with any email here, nothing is charged, and every
      result is a marked demo output.
    </div>
  );
}
