import type { Page } from "playwright-core";

/**
 * Collects what went wrong in a page's scripts: uncaught errors, and errors written to the
 * console (React's hydration errors among them), each with the address it happened on. A
 * resource answered with an error status is left out: the app asks for some on purpose (a
 * failing generation is a 502, a job that cannot be cancelled a 409).
 */
export function recordPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() !== "error" || message.text().startsWith("Failed to load resource")) return;
    errors.push(`${page.url()}: console: ${message.text()}`);
  });
  return errors;
}
