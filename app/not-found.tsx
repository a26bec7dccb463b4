import type { Metadata } from "next";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { NexoraLogo } from "@/components/shell/nexora-logo";
import { StatusView } from "@/components/shell/status-view";

export const metadata: Metadata = { title: "Page not found" };

// Any address nothing answers: the 404 status, in the app's look, with the ways back.
export default function NotFound() {
  return (
    <>
      <header className="absolute inset-x-0 top-0 z-10 mx-auto flex h-16 max-w-6xl items-center px-6">
        <NexoraLogo />
      </header>
      <StatusView
        fullScreen
        code="404"
        title="Page not found"
        actions={
          <>
            <Link href="/" className={buttonClass()}>
              Back home
            </Link>
            <Link href="/studio" className={buttonClass({ variant: "secondary" })}>
              Open the studio
            </Link>
          </>
        }
      >
        <p>This page could not be found. The link may be old, or the address mistyped.</p>
      </StatusView>
    </>
  );
}
