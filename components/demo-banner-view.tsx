/**
 * What a demo deployment says on every page (the markup alone; see DemoBanner). "top" sits above
 * the page in its flow; "floating" is pinned to the bottom of the window, for a banner that can
 * only appear after the page has drawn, so nothing on the page moves when it does.
 */
export function DemoBannerView({ placement = "top" }: { placement?: "top" | "floating" }) {
  const where =
    placement === "top"
      ? "relative border-b"
      : "fixed inset-x-3 bottom-3 rounded-2xl border shadow-2xl backdrop-blur-xl sm:inset-x-auto sm:right-4 sm:max-w-md";
  return (
    <div role="status" data-testid="demo-banner" className={`${where} z-50 border-amber-400/30 bg-amber-950/90 px-4 py-2 text-center text-sm text-amber-100`}>
      <strong className="font-bold">Demo deployment.</strong> Anyone can sign in with any email here, nothing is charged, and every
      result is a marked demo output.
    </div>
  );
}
