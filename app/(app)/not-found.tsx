import type { Metadata } from "next";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { StatusView } from "@/components/shell/status-view";

export const metadata: Metadata = { title: "Page not found" };

// A signed-in page that does not exist for this user (a page's notFound()): the 404 inside the shell.
export default function AppNotFound() {
  return (
    <StatusView
      code="404"
      title="Page not found"
      actions={
        <>
          <Link href="/studio" className={buttonClass()}>
            Go to the studio
          </Link>
          <Link href="/" className={buttonClass({ variant: "secondary" })}>
            Back home
          </Link>
        </>
      }
    >
      <p>This page could not be found. Pick another one from the menu.</p>
    </StatusView>
  );
}
