import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { buildPng } from "../fakes/media-bytes";
import { SHOTS, useBrowserApp } from "../support/browser-app";

const STEPS = ["character", "keyframe", "shot"] as const;

/** Full-page screenshots at 1280 and 375 px wide, from the top; at 375 nothing may scroll sideways. */
async function screenshots(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  await page.setViewportSize({ width: 375, height: 800 });
  await page.waitForTimeout(300);
  await page.evaluate(() => window.scrollTo(0, 0));
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await page.screenshot({ path: path.join(SHOTS, `${name}-375.png`), fullPage: true });
}

describe("the Director in Chromium", () => {
  const session = useBrowserApp();

  async function signIn(name: string, plan?: "pro") {
    const { app } = session;
    const { page, errors } = await session.openPage();
    expect((await page.request.post(`${app.url}/api/auth/local`, { data: { email: `${name}-${Date.now()}@example.com` } })).status()).toBe(200);
    if (plan) expect((await page.request.post(`${app.url}/api/lemon/local-checkout`, { data: { plan } })).ok()).toBe(true);
    await page.goto(`${app.url}/director`);
    return { page, errors };
  }

  async function addAnchor(page: Page, name: string, rgb: [number, number, number]) {
    await page.getByLabel("Anchor photos", { exact: true }).setInputFiles({ name, mimeType: "image/png", buffer: buildPng(320, rgb) });
    await page.getByRole("img", { name }).waitFor();
  }

  /** Samples the job panel's steps until the shot has ended; returns every state each step was seen in. */
  async function watchSteps(page: Page, prompt: string) {
    const panel = page.getByTestId("job-panel");
    await panel.getByText(prompt).waitFor();
    const seen = Object.fromEntries(STEPS.map((s) => [s, new Set<string>()])) as Record<(typeof STEPS)[number], Set<string>>;
    let sawPreview = false;
    const deadline = Date.now() + 45_000;
    for (;;) {
      for (const step of STEPS) seen[step].add((await panel.getByTestId(`step-${step}`).getAttribute("data-status")) ?? "");
      sawPreview ||= (await panel.getByTestId("keyframe-preview").count()) > 0;
      const status = await panel.getByTestId("job-status").textContent();
      if (status === "Ready" || status === "Failed") {
        // The shot may have ended between reading the steps and the status: read the steps once more.
        for (const step of STEPS) seen[step].add((await panel.getByTestId(`step-${step}`).getAttribute("data-status")) ?? "");
        return { seen, sawPreview, status };
      }
      if (Date.now() > deadline) throw new Error(`the shot did not finish: ${JSON.stringify(Object.fromEntries(STEPS.map((s) => [s, [...seen[s]]])))}\n${session.app.logs().slice(-3000)}`);
      await page.waitForTimeout(100);
    }
  }

  it("shows a free user what Director is and the way to Pro, and no form", async () => {
    const { page, errors } = await signIn("director-free");
    await page.getByTestId("paywall").waitFor();
    await expect(page.getByTestId("paywall").textContent()).resolves.toContain("Director is part of the Pro plan");
    const upgrade = page.getByRole("link", { name: "Upgrade to Pro" });
    await expect(upgrade.getAttribute("href")).resolves.toBe("/billing?plan=pro");
    expect(await page.locator("textarea").count()).toBe(0);
    expect(await page.locator("input[type=file]").count()).toBe(0);
    expect(await page.getByRole("button", { name: /Generate/ }).count()).toBe(0);
    await screenshots(page, "director-paywall");

    await upgrade.click();
    await page.waitForURL(/\/billing\?plan=pro$/);
    await page.getByRole("button", { name: "Get Pro" }).waitFor();
    expect(errors).toEqual([]);
  });

  it("films a shot from an uploaded anchor, charging 120 credits, then films another with the saved character", async () => {
    const { page, errors } = await signIn("director-pro", "pro");
    await expect.poll(() => page.getByTestId("header-balance").textContent()).toBe("1,000 credits");
    // The page keeps no balance of its own: the header is the one figure, and it moves without a reload.
    expect(await page.getByTestId("balance").count()).toBe(0);
    await page.evaluate(() => ((window as any).__samePage = true));
    await expect(page.getByRole("radio", { name: "5 s · 120 credits" }).getAttribute("aria-checked")).resolves.toBe("true");

    // The browser checks a photo before sending it: too small is refused with its size.
    await page.getByLabel("Anchor photos", { exact: true }).setInputFiles({ name: "tiny.png", mimeType: "image/png", buffer: buildPng(64, [200, 30, 30]) });
    await expect(page.getByTestId("anchor-problems").textContent()).resolves.toContain("tiny.png is 64x64");
    expect(await page.getByRole("img", { name: "tiny.png" }).count()).toBe(0);

    await addAnchor(page, "mara.png", [214, 160, 120]);
    await page.getByPlaceholder("Mara, the lead").fill("Mara");
    await page.getByRole("radio", { name: /^Orbit/ }).click();
    const prompt = "Mara steps out of the rain into a neon diner";
    await page.getByPlaceholder(/neon-lit diner/).fill(prompt);
    await expect(page.getByTestId("prompt-count").textContent()).resolves.toBe(`${prompt.length}/2000`);
    await page.getByRole("button", { name: "Generate · 120 credits" }).click();
    await expect.poll(() => page.getByTestId("header-balance").textContent()).toBe("880 credits");
    await expect(page.evaluate(() => (window as any).__samePage)).resolves.toBe(true);

    const first = await watchSteps(page, prompt);
    expect(first.status).toBe("Ready");
    for (const step of STEPS) expect(first.seen[step].has("succeeded")).toBe(true);
    expect([...first.seen.character, ...first.seen.keyframe, ...first.seen.shot].some((s) => s === "running" || s === "submitting")).toBe(true);
    expect(first.sawPreview).toBe(true);
    const video = page.getByTestId("job-panel").locator("video");
    const src = await video.getAttribute("src");
    expect(src).toBeTruthy();
    const clip = await page.request.get(`${session.app.url}${src}`);
    expect(clip.status()).toBe(200);
    expect(clip.headers()["content-type"]).toContain("video/mp4");
    await page.waitForTimeout(1_600);
    // The clip really plays in the page: Chromium decoded its first frame.
    await expect(video.evaluate((v: HTMLVideoElement) => v.videoWidth)).resolves.toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId("header-balance").textContent()).toBe("880 credits");

    // The trained character is kept: pick it, rename it, and film with it (no training).
    await page.getByRole("tab", { name: /Saved character/ }).click();
    const saved = page.getByTestId("saved-character").filter({ hasText: "Mara" });
    await expect(saved.getByTestId("character-status").textContent()).resolves.toBe("Ready");
    await expect(saved.textContent()).resolves.toContain("1 anchor");
    await page.getByRole("button", { name: "Rename Mara" }).click();
    await page.getByLabel("New name for Mara").fill("Mara Vale");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("radio", { name: /Mara Vale/ }).click();
    await page.getByRole("radio", { name: /^Dolly/ }).click();
    const second = "Mara Vale at the counter, steam rising from her cup";
    await page.getByPlaceholder(/neon-lit diner/).fill(second);
    await page.getByRole("button", { name: "Generate · 120 credits" }).click();
    const again = await watchSteps(page, second);
    expect(again.status).toBe("Ready");
    for (const step of STEPS) expect(again.seen[step].has("succeeded")).toBe(true);
    await expect(page.getByTestId("step-character").textContent()).resolves.toContain("Saved character Mara Vale, no training");
    await page.getByTestId("job-panel").locator("video").waitFor();
    await expect.poll(() => page.getByTestId("header-balance").textContent()).toBe("760 credits");

    const cards = page.getByTestId("recent-shot");
    await expect(cards.count()).resolves.toBe(2);
    expect(await page.locator("[data-testid=recent-shot][data-status=succeeded] video").count()).toBe(2);

    await screenshots(page, "director");

    // After a reload the shots and the renamed character come back from the server.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.reload();
    await page.getByText("Orbit · 16:9 · 5 s · 120 credits").waitFor();
    await expect(page.getByTestId("recent-shot").count()).resolves.toBe(2);
    await page.getByRole("tab", { name: /Saved character/ }).click();
    await page.getByRole("radio", { name: /Mara Vale/ }).waitFor();
    expect(errors).toEqual([]);
  }, 150_000);

  it("shows a failed shot with its error and the refund", async () => {
    const { page, errors } = await signIn("director-fail", "pro");
    await addAnchor(page, "lee.png", [90, 120, 200]);
    const prompt = "[demo:fail] Lee on a rooftop at dusk";
    await page.getByPlaceholder(/neon-lit diner/).fill(prompt);
    await page.getByRole("button", { name: "Generate · 120 credits" }).click();
    await expect.poll(() => page.getByTestId("header-balance").textContent()).toBe("880 credits");

    const run = await watchSteps(page, prompt);
    expect(run.status).toBe("Failed");
    await expect(page.getByTestId("step-shot").getAttribute("data-status")).resolves.toBe("failed");
    const failure = page.getByTestId("job-failure");
    await expect(failure.textContent()).resolves.toContain("Refunded: your 120 credits are back in your balance.");
    await expect(failure.textContent()).resolves.toContain("The provider failed to generate this.");
    await page.getByTestId("header-balance").filter({ hasText: "1,000 credits" }).waitFor();
    await expect(page.getByTestId("recent-shot").first().textContent()).resolves.toContain("refunded");
    expect(await page.getByTestId("job-panel").locator("video").count()).toBe(0);

    await screenshots(page, "director-failed");
    expect(errors).toEqual([]);
  }, 120_000);
});
