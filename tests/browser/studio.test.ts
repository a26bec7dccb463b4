import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { SHOTS, useBrowserApp } from "../support/browser-app";

const optionsOf = (select: Locator) => select.locator("option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
const sideScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
const headerBalance = (page: Page) => page.getByTestId("header-balance").first().textContent();
const firstResult = (page: Page) => page.getByTestId("result").first();

async function until(check: () => Promise<boolean>, ms = 20_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function signIn(page: Page, url: string, plan?: "pro") {
  expect((await page.request.post(`${url}/api/auth/local`, { data: { email: `studio-${Date.now()}-${Math.random()}@example.com` } })).status()).toBe(200);
  if (plan) expect((await page.request.post(`${url}/api/lemon/local-checkout`, { data: { plan } })).ok()).toBe(true);
  await page.goto(`${url}/studio`);
  // A person's first click comes after the page is interactive; so does the test's.
  await page.waitForLoadState("networkidle");
}

/** Makes the page believe its tab is hidden (or visible again), as a switch of tabs does. */
const setHidden = (page: Page, hidden: boolean) =>
  page.evaluate((h) => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => (h ? "hidden" : "visible") });
    document.dispatchEvent(new Event("visibilitychange"));
  }, hidden);

describe("the studio", () => {
  const session = useBrowserApp();

  it("runs an image for a free user, refunds a failure, locks pro models and animates an image", async () => {
    const { app } = session;
    const { page, errors } = await session.openPage();
    await signIn(page, app.url);
    await until(async () => (await headerBalance(page)) === "15 credits");

    // Locked: a pro model says which plan unlocks it and links to that plan's checkout.
    await page.getByRole("tab", { name: "Video" }).click();
    await page.getByRole("button", { name: /Seedance 2.0/ }).click();
    await expect(page.getByRole("button", { name: /Seedance 2.0/ }).textContent()).resolves.toContain("Pro plan unlocks this");
    expect(await page.getByRole("link", { name: "Upgrade to Pro" }).first().getAttribute("href")).toBe("/billing?plan=pro");
    expect(await page.getByRole("button", { name: /^Generate/ }).count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, "studio-locked.png"), fullPage: true });

    await page.getByRole("tab", { name: "Image" }).click();
    await page.getByRole("button", { name: /FLUX.1 schnell/ }).click();
    await expect(page.getByRole("button", { name: /FLUX.1 schnell/ }).textContent()).resolves.toContain("Replicate");
    await page.getByLabel("Prompt").fill("a lighthouse at dusk");
    await page.getByRole("button", { name: "Generate · 5 credits" }).click();
    await until(async () => (await firstResult(page).getAttribute("data-status")) === "succeeded");
    expect(await headerBalance(page)).toBe("10 credits");
    const top = firstResult(page);
    await expect(top.textContent()).resolves.toContain("a lighthouse at dusk");
    expect(await top.getByRole("link", { name: "Download" }).getAttribute("download")).not.toBeNull();
    expect(await top.getByRole("button", { name: "Rerun" }).count()).toBe(1);
    expect(await top.getByRole("button", { name: /Animate/ }).count()).toBe(1);
    expect(await top.getByRole("link", { name: "Open in History" }).getAttribute("href")).toBe("/history");

    await page.getByLabel("Prompt").fill("a storm [demo:fail]");
    await page.getByRole("button", { name: "Generate · 5 credits" }).click();
    await until(async () => (await firstResult(page).getAttribute("data-status")) === "failed");
    await firstResult(page).getByText("Refunded: 5 credits back").waitFor();
    await until(async () => (await headerBalance(page)) === "10 credits");
    expect(await page.getByTestId("result").count()).toBe(2);

    // Animate the lighthouse: a video from it on the first image-to-video model a free plan has.
    await page.getByTestId("result").nth(1).getByRole("button", { name: "Animate · 8 credits" }).click();
    await until(async () => (await page.getByTestId("result").count()) === 3);
    await expect(firstResult(page).textContent()).resolves.toContain("Wan 2.1 Turbo · 8 credits");
    await until(async () => (await headerBalance(page)) === "2 credits");
    await firstResult(page).getByTestId("job-status").waitFor();
    await until(async () => (await firstResult(page).getAttribute("data-status")) === "succeeded", 30_000);
    expect(await firstResult(page).locator("video").count()).toBe(1);
    await page.screenshot({ path: path.join(SHOTS, "studio-1280.png"), fullPage: true });

    await page.setViewportSize({ width: 375, height: 800 });
    expect(await sideScroll(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SHOTS, "studio-375.png"), fullPage: true });
    expect(errors).toEqual([]);
  }, 120_000);

  it("asks before a 50-credit run, cancels a queued clip with a refund, and retitles the tab when a clip finishes unseen", async () => {
    const { app } = session;
    const { page, errors } = await session.openPage();
    await signIn(page, app.url, "pro");
    await until(async () => (await headerBalance(page)) === "1,000 credits");
    // The header is the one balance on the page.
    expect(await page.getByTestId("balance").count()).toBe(0);
    // Images: GPT image models take sizes, the others aspect ratios; DALL-E is not offered.
    await page.getByRole("button", { name: /GPT Image Flare/ }).click();
    expect(await optionsOf(page.getByLabel("Size"))).toEqual(["1024x1024", "1536x1024", "1024x1536"]);
    expect(await page.getByRole("button", { name: /DALL/ }).count()).toBe(0);

    await page.getByRole("tab", { name: "Video" }).click();
    await page.getByRole("button", { name: /Wan 2.1 Turbo/ }).click();
    await expect(page.getByTestId("length").textContent()).resolves.toBe("Length 5s");
    expect(await optionsOf(page.getByLabel("Aspect"))).toEqual(["16:9", "9:16"]);

    await page.getByRole("button", { name: /Luma Ray 2/ }).click();
    expect(await optionsOf(page.getByLabel("Length"))).toEqual(["5", "9"]);
    expect(await page.getByLabel("Length").locator("option").allTextContents()).toEqual(["5 s · 25 credits", "9 s · 50 credits"]);
    expect(await optionsOf(page.getByLabel("Aspect"))).toEqual(["16:9", "9:16", "4:3", "3:4", "21:9"]);
    await page.getByLabel("Length").selectOption("9");
    await page.getByLabel("Aspect").selectOption("21:9");
    await page.getByLabel("Prompt").fill("a slow pan over dunes at dawn");
    await page.getByRole("button", { name: "Generate · 50 credits" }).click();
    // 50 credits or more: a dialog asks first, and "Not now" spends nothing.
    const dialog = page.getByRole("dialog", { name: "Spend 50 credits?" });
    await dialog.waitFor().catch(async (error: Error) => {
      // Say what the page showed instead, so a failure here names its cause.
      const seen = {
        errors,
        balance: await headerBalance(page),
        results: await page.getByTestId("result").count(),
        // Every dialog element and what a role query reads of it: open, modal, shown, named by what.
        dialogs: await page.evaluate(() =>
          [...document.querySelectorAll("dialog, [role=dialog]")].map((el) => {
            const labelledBy = el.getAttribute("aria-labelledby");
            const rect = el.getBoundingClientRect();
            return {
              open: (el as HTMLDialogElement).open,
              modal: el.matches(":modal"),
              display: getComputedStyle(el).display,
              visibility: getComputedStyle(el).visibility,
              size: `${Math.round(rect.width)}x${Math.round(rect.height)}`,
              labelledBy,
              name: labelledBy ? document.getElementById(labelledBy)?.textContent ?? "(no such id)" : null,
              hiddenBy: el.closest("[aria-hidden=true], [inert]")?.outerHTML.slice(0, 120) ?? null,
              text: (el.textContent ?? "").slice(0, 80),
            };
          }),
        ),
        focused: await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120) ?? null),
        main: (await page.locator("main").innerText()).slice(-400),
      };
      throw new Error(`${error.message}\npage: ${JSON.stringify(seen)}`);
    });
    await page.screenshot({ path: path.join(SHOTS, "studio-confirm.png") });
    await dialog.getByRole("button", { name: "Not now" }).click();
    expect(await page.getByTestId("result").count()).toBe(0);
    expect(await headerBalance(page)).toBe("1,000 credits");
    await page.getByRole("button", { name: "Generate · 50 credits" }).click();
    await dialog.getByRole("button", { name: "Generate · 50 credits" }).click();
    await until(async () => (await headerBalance(page)) === "950 credits");
    await page.getByText("Luma Ray 2 · 50 credits").waitFor();
    // Running: status and elapsed time, then it finishes by itself.
    await expect(firstResult(page).getByTestId("job-status").textContent()).resolves.toMatch(/^(Queued|Rendering) · \d+s$/);
    // Once its provider has started it, a job cannot be cancelled: the 409 says so on the card.
    await new Promise((r) => setTimeout(r, 1_000));
    await firstResult(page).getByRole("button", { name: "Cancel" }).click();
    await expect(firstResult(page).getByRole("status").textContent()).resolves.toMatch(/can no longer be cancelled|nothing to cancel/);
    // …and then it finishes by itself.
    await until(async () => (await firstResult(page).getAttribute("data-status")) === "succeeded", 30_000);

    // A slow clip stays queued for its first seconds: cancelling it refunds the 8 credits.
    await page.getByRole("button", { name: /Wan 2.1 Turbo/ }).click();
    await page.getByLabel("Prompt").fill("a quiet harbour [demo:slow]");
    await page.getByRole("button", { name: "Generate · 8 credits" }).click();
    await until(async () => (await headerBalance(page)) === "942 credits");
    // It says where it stands in its provider's queue, as fal tells (the demo's queue moves too).
    await until(async () => /^(In queue, [12] ahead|Next in queue) · \d+s$/.test((await firstResult(page).getByTestId("job-status").textContent()) ?? ""));
    await firstResult(page).screenshot({ path: path.join(SHOTS, "studio-queued.png") });
    await firstResult(page).getByRole("button", { name: "Cancel" }).click();
    await firstResult(page).getByText("Refunded: 8 credits back").waitFor();
    await expect(firstResult(page).getByTestId("job-status").textContent()).resolves.toBe("Cancelled");
    await until(async () => (await headerBalance(page)) === "950 credits");

    // A clip that finishes while the tab is hidden retitles the tab until it is seen.
    const title = await page.title();
    await page.getByLabel("Prompt").fill("rain on a tin roof");
    await page.getByRole("button", { name: "Generate · 8 credits" }).click();
    await until(async () => (await page.getByTestId("result").count()) === 3);
    await setHidden(page, true);
    await until(async () => (await page.title()) === "✓ Your clip is ready · Nexora", 30_000);
    await setHidden(page, false);
    await until(async () => (await page.title()) === title);
    expect(await page.getByRole("button", { name: /Notify me/ }).count()).toBeLessThanOrEqual(1);

    await page.getByRole("button", { name: /Runway GWM-1/ }).click();
    await expect(page.getByRole("button", { name: /Runway GWM-1/ }).textContent()).resolves.toContain("Not yet available");
    expect(await page.getByRole("button", { name: /^Generate/ }).count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, "studio-video.png"), fullPage: true });
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await sideScroll(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SHOTS, "studio-video-375.png"), fullPage: true });
    expect(errors).toEqual([]);
  }, 120_000);
});
