import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { startApp, type App } from "./app";
import { launchBrowser } from "./browser";

/** Where browser tests leave their screenshots. */
export const SHOTS = path.resolve(__dirname, "../../test-results");

/**
 * Starts the app (with `env()`, read when the block starts) and Chromium around the calling
 * describe block. `app` holds the app once
 * beforeAll has run; `openPage` opens a desktop-sized page that records uncaught page errors.
 */
export function useBrowserApp(env: () => Record<string, string | undefined> = () => ({})) {
  let app: App | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(env()), launchBrowser()]);
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });
  return {
    get app(): App {
      return app!;
    },
    async openPage(): Promise<{ page: Page; errors: string[] }> {
      const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      return { page, errors };
    },
  };
}
