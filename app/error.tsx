"use client";

import { ErrorView } from "@/components/shell/error-view";

// A page outside the signed-in shell failed to render.
export default function RootError(props: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorView {...props} fullScreen />;
}
