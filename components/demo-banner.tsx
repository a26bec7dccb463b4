"use client";

import { useEffect, useState } from "react";

/**
 * Says plainly, on every page of a demo deployment, what it is. Public pages are prerendered
 * once for every deployment of a build, so the page asks the health check at run time.
 */
export function DemoBanner() {
  const [demo, setDemo] = useState(false);
  useEffect(() => {
    let live = true;
    fetch("/api/health", { cache: "no-store" })
      .then((res) => res.json())
      .then((health: { demo?: boolean }) => live && setDemo(health.demo === true))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, []);
  if (!demo) return null;
  return (
    <div role="status" data-testid="demo-banner" className="relative z-50 border-b border-amber-400/30 bg-amber-400/10 px-4 py-2 text-center text-sm text-amber-100">
      <strong className="font-bold">Demo deployment.</strong> Anyone can sign in with any email here, nothing is charged, and every
      result is a marked demo output.
    </div>
  );
}
