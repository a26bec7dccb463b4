"use client";

import { useEffect, useState } from "react";
import { DemoBannerView } from "./demo-banner-view";

/**
 * The demo banner for the prerendered public pages: they are built once for every deployment of a
 * build, so they ask the health check at run time. Pages rendered per request (the app, sign-in)
 * say it from the server instead (DemoBannerView), so nothing changes under them while they hydrate.
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
  // It arrives after the page has drawn: pinned to the window's bottom, it moves nothing.
  return demo ? <DemoBannerView placement="floating" /> : null;
}
