import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type App } from "../support/app";
import { uniqueUserId } from "../support/backends";
import { launchBrowser } from "../support/browser";

const SHOTS = path.resolve(__dirname, "../../test-results");

describe("local sign-in in Chromium", () => {
  let app: App;
  let bare: App;
  let browser: Browser;
  beforeAll(async () => {
    [app, bare, browser] = await Promise.all([startApp(), startApp({ LOCAL_AUTH: undefined }), launchBrowser()]);
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([app?.stop(), bare?.stop()]);
  });

  it("a visitor sent to sign-in comes back to the page they wanted, signed in with 15 credits, and signs out", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));

    await page.goto(`${app.url}/billing`);
    await page.waitForURL(/\/sign-in\?redirect_url=%2Fbilling$/);
    await page.screenshot({ path: path.join(SHOTS, "sign-in-local.png") });

    const email = `${uniqueUserId("browser")}@example.com`;
    await page.getByLabel("Email").fill(email);
    await page.getByLabel(/Name/).fill("Grace Hopper");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL(`${app.url}/billing`);
    const me = await page.request.get(`${app.url}/api/me`);
    expect(await me.json()).toMatchObject({ email, balance: 15 });
    await expect(page.locator("aside").textContent()).resolves.toContain("Grace Hopper");
    await page.screenshot({ path: path.join(SHOTS, "billing-signed-in.png") });

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(`${app.url}/`);
    await page.goto(`${app.url}/billing`);
    await page.waitForURL(/\/sign-in/);
    expect(errors).toEqual([]);
  });

  it("an unconfigured production deployment says what to set", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(`${bare.url}/sign-in`);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Sign-in is not configured");
    await page.screenshot({ path: path.join(SHOTS, "sign-in-unconfigured.png"), fullPage: true });
  });
});
