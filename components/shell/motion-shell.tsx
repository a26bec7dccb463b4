"use client";

import { LazyMotion, MotionConfig, m } from "framer-motion";
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";

const loadFeatures = () => import("./motion-features").then((features) => features.default);

/**
 * framer-motion for the signed-in pages: pages use `m.div` (not `motion.div`), and its DOM
 * animation features arrive in their own chunk after the page is interactive. Motion is dropped
 * for people who ask their system for less.
 */
export function MotionShell({ children }: { children: React.ReactNode }) {
  return (
    <LazyMotion features={loadFeatures} strict>
      <MotionConfig reducedMotion="user">{children}</MotionConfig>
    </LazyMotion>
  );
}

/**
 * Fades each new page in as the user moves between pages. The first page shows at once: the
 * server's HTML is never hidden while it waits for scripts.
 */
export function PageTransition({ children }: { children: React.ReactNode }) {
  const pathname = usePathname();
  const firstPage = useRef(true);
  useEffect(() => {
    firstPage.current = false;
  }, []);
  return (
    <m.div
      key={pathname}
      initial={firstPage.current ? false : { opacity: 0, y: 8 }}
      animate={{ opacity: 1, y: 0 }}
      transition={{ duration: 0.22, ease: "easeOut" }}
    >
      {children}
    </m.div>
  );
}
