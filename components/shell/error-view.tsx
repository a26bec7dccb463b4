"use client";

import Link from "next/link";
import { useEffect } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import { StatusView } from "./status-view";

type Props = { error: Error & { digest?: string }; reset: () => void; fullScreen?: boolean };

/**
 * What an error boundary shows: a way to try again and a way home. The server's message stays
 * in its log; the page shows only the reference it was logged under.
 */
export function ErrorView({ error, reset, fullScreen = false }: Props) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <StatusView
      fullScreen={fullScreen}
      code="Oops"
      title="Something went wrong"
      actions={
        <>
          <Button onClick={reset}>Try again</Button>
          <Link href="/" className={buttonClass({ variant: "secondary" })}>
            Back home
          </Link>
        </>
      }
    >
      <p>This page could not be shown. Try again in a moment; if it keeps failing, go back home and start over.</p>
      {error.digest && <p className="mt-2 text-sm text-white/60">Reference: <code className="font-mono">{error.digest}</code></p>}
    </StatusView>
  );
}
