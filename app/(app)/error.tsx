"use client";

import { ErrorView } from "@/components/shell/error-view";

// A signed-in page failed to render: the error shows inside the shell, which keeps working.
export default function AppError(props: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorView {...props} />;
}
