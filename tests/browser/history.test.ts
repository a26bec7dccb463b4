import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { APIRequestContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { anchorDataUrl } from "../generation/helpers";
import { seedUser, uniqueEmail, withAppDatabase } from "../generation/seed";
import { SHOTS, useBrowserApp } from "../support/browser-app";

type Generation = { id: string; status: string; error: { message: string } | null };

/** Makes a generation through the API, as the Studio would, and waits until it has finished. */
async function generate(request: APIRequestContext, url: string, route: string, json: Record<string, unknown>): Promise<Generation> {
  const res = await request.post(`${url}${route}`, { data: json });
  const body = await res.json();
  let generation = (body.generation ?? body.error?.details?.generation) as Generation;
  expect(generation, JSON.stringify(body)).toBeTruthy();
  for (let i = 0; i < 100 && (generation.status === "queued" || generation.status === "running"); i++) {
    await new Promise((r) => setTimeout(r, 250));
    generation = (await (await request.get(`${url}/api/generations/${generation.id}`)).json()).generation;
  }
  return generation;
}

const cards = (page: Page) => page.getByTestId("history-item");

/** Waits until the list shows exactly `n` cards (and is not loading). */
async function expectCards(page: Page, n: number) {
  await page.waitForFunction(
    (count) => !document.querySelector("[data-testid=history-loading]") && document.querySelectorAll("[data-testid=history-item]").length === count,
    n,
    { timeout: 15_000 },
  );
}

describe("the History page in Chromium", () => {
  const session = useBrowserApp(() => ({ DEMO_PROVIDERS: "1", IMAGE_WAIT_MS: "5000", GENERATION_POLL_INTERVAL_SECONDS: "0" }));

  it("lists a user's generations, filters, searches, explains a refund and keeps favourites", async () => {
    const { app } = session;
    const { page, errors } = await session.openPage();
    expect((await page.request.post(`${app.url}/api/auth/local`, { data: { email: `history-${Date.now()}@example.com` } })).status()).toBe(200);
    expect((await page.request.post(`${app.url}/api/lemon/local-checkout`, { data: { plan: "pro" } })).ok()).toBe(true);

    await page.goto(`${app.url}/history`);
    await page.getByTestId("history-empty").waitFor();
    await expect(page.getByTestId("history-empty").textContent()).resolves.toContain("No generations yet");

    const lighthouse = await generate(page.request, app.url, "/api/image/generate", { model: "flux-schnell", prompt: "a lighthouse at dusk, cinematic light" });
    await generate(page.request, app.url, "/api/image/generate", { model: "gpt-image-flare", prompt: "a neon koi pond from above" });
    const failed = await generate(page.request, app.url, "/api/image/generate", { model: "flux-schnell", prompt: "a broken robot [demo:fail]" });
    const clip = await generate(page.request, app.url, "/api/video/generate", { model: "wan-2.1-turbo", prompt: "waves rolling onto a black sand beach" });
    const shot = await generate(page.request, app.url, "/api/video/director", { prompt: "a hero turns to camera", anchors: [anchorDataUrl(3)], motion: "dolly" });
    expect([lighthouse.status, failed.status, clip.status, shot.status]).toEqual(["succeeded", "failed", "succeeded", "succeeded"]);

    await page.reload();
    await expectCards(page, 5);
    // Media have their frame before they load: every card's picture is 16:9 at the card's width.
    const frames = await page.locator("[data-testid=history-item] .aspect-video").evaluateAll((els) => els.map((e) => e.getBoundingClientRect()));
    for (const f of frames) expect(Math.abs(f.width / f.height - 16 / 9)).toBeLessThan(0.02);
    await page.waitForFunction(() => [...document.images].every((img) => img.complete && img.naturalWidth > 0));
    await page.locator("[data-testid=history-item] video").first().waitFor();
    await page.screenshot({ path: path.join(SHOTS, "history.png"), fullPage: true });

    // Hovering a clip plays it; leaving stops it; with reduced motion asked for, it stays still.
    const videoCard = page.locator(`[data-id="${clip.id}"]`);
    const paused = () => videoCard.locator("video").evaluate((v) => (v as HTMLVideoElement).paused);
    await expect(paused()).resolves.toBe(true);
    await videoCard.hover();
    await page.waitForFunction((id) => !(document.querySelector(`[data-id="${id}"] video`) as HTMLVideoElement).paused, clip.id, { timeout: 5_000 });
    await page.mouse.move(0, 0);
    await page.waitForFunction((id) => (document.querySelector(`[data-id="${id}"] video`) as HTMLVideoElement).paused, clip.id);
    await page.emulateMedia({ reducedMotion: "reduce" });
    await videoCard.hover();
    await page.waitForTimeout(400);
    await expect(paused()).resolves.toBe(true);
    await page.mouse.move(0, 0);
    await page.emulateMedia({ reducedMotion: "no-preference" });

    // A Director shot's panel lists its three steps, each done.
    await page.locator(`[data-id="${shot.id}"]`).getByRole("button", { name: /^Details/ }).click();
    const steps = page.getByTestId("details").getByTestId("steps").locator("li");
    await steps.nth(2).waitFor();
    await expect(steps.evaluateAll((els) => els.map((e) => [e.getAttribute("data-testid"), e.getAttribute("data-status")]))).resolves.toEqual([
      ["step-character", "succeeded"],
      ["step-keyframe", "succeeded"],
      ["step-shot", "succeeded"],
    ]);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SHOTS, "history-director.png") });
    await page.keyboard.press("Escape");
    await page.getByTestId("details").waitFor({ state: "detached" });

    await page.getByRole("group", { name: "Kind" }).getByRole("button", { name: "Video" }).click();
    await expectCards(page, 1);
    await expect(cards(page).first().getAttribute("data-kind")).resolves.toBe("video");
    expect(page.url()).toContain("kind=video");
    await page.getByRole("group", { name: "Kind" }).getByRole("button", { name: "All" }).click();
    await expectCards(page, 5);

    await page.getByLabel("Search prompts").fill("LIGHTHOUSE");
    await expectCards(page, 1);
    await expect(cards(page).first().getAttribute("data-id")).resolves.toBe(lighthouse.id);
    await page.getByLabel("Search prompts").fill("");
    await expectCards(page, 5);

    await page.getByLabel("Status").selectOption("failed");
    await expectCards(page, 1);
    await cards(page).first().getByRole("button", { name: /^Details/ }).click();
    const details = page.getByTestId("details");
    await details.getByTestId("ledger-row").nth(1).waitFor();
    const rows = details.getByTestId("ledger-row");
    await expect(rows.count()).resolves.toBe(2);
    await expect(rows.nth(0).textContent()).resolves.toMatch(/Held.*−5 credits/);
    await expect(rows.nth(1).textContent()).resolves.toMatch(/Refunded.*\+5 credits/);
    await expect(rows.nth(1).textContent()).resolves.toContain(failed.error!.message);
    await expect(details.textContent()).resolves.toContain("refunded in full");
    await page.waitForTimeout(300); // the sheet's slide-in
    await page.screenshot({ path: path.join(SHOTS, "history-details.png") });

    await details.getByRole("button", { name: "Add to favourites" }).click();
    await details.getByRole("button", { name: "Favourite", pressed: true }).waitFor();
    await page.keyboard.press("Escape");
    await details.waitFor({ state: "detached" });
    await expect(cards(page).first().getByRole("button", { name: "Remove from favourites" }).getAttribute("aria-pressed")).resolves.toBe("true");

    await page.getByLabel("Status").selectOption("");
    await expectCards(page, 5);
    await page.getByRole("button", { name: "★ Favourites only" }).click();
    await expectCards(page, 1);
    await expect(cards(page).first().getAttribute("data-id")).resolves.toBe(failed.id);
    // A reload keeps the favourite: it is the server's, not the page's.
    await page.reload();
    await expectCards(page, 1);
    await expect(page.getByRole("button", { name: "★ Favourites only" }).getAttribute("aria-pressed")).resolves.toBe("true");

    // A succeeded job's panel: one charge, and its file to download.
    await page.getByRole("button", { name: "Clear filters" }).first().click();
    await expectCards(page, 5);
    await page.locator(`[data-id="${lighthouse.id}"]`).getByRole("button", { name: /^Details/ }).click();
    await details.getByTestId("ledger-row").first().waitFor();
    await expect(details.getByTestId("ledger-row").count()).resolves.toBe(1);
    await expect(details.getByTestId("ledger-row").first().textContent()).resolves.toMatch(/Charged.*−5 credits/);
    await expect(details.getByRole("link", { name: /^Download/ }).getAttribute("href")).resolves.toMatch(new RegExp(`^/api/artifacts/${lighthouse.id}/`));

    await page.setViewportSize({ width: 375, height: 800 });
    await page.screenshot({ path: path.join(SHOTS, "history-details-375.png") });
    await page.keyboard.press("Escape");
    await details.waitFor({ state: "detached" });
    await page.screenshot({ path: path.join(SHOTS, "history-375.png"), fullPage: true });
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);

    // Billing's credit history links each job's rows to that job: the refund opens the failed
    // job's details over the list of its model, its favourite star as the list knows it.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${app.url}/billing`);
    await page.getByTestId("ledger").getByRole("link", { name: /^Refund: FLUX\.1 schnell image failed/ }).click();
    await page.waitForURL(/\/history\?/);
    await details.getByTestId("ledger-row").nth(1).waitFor();
    await expect(details.textContent()).resolves.toContain("a broken robot");
    await expect(details.getByRole("button", { name: "Favourite", pressed: true }).count()).resolves.toBe(1);
    await expect(page.getByLabel("Model").inputValue()).resolves.toBe("flux-schnell");
    expect(errors).toEqual([]);
  });
});

describe("the History page's infinite scroll", () => {
  const email = uniqueEmail("scroll");
  const dataDir = mkdtempSync(path.join(tmpdir(), "nexora-history-scroll-"));
  // 60 finished generations, 20 of them sharing a microsecond with another, before the app starts.
  beforeAll(async () => {
    await withAppDatabase(dataDir, async (sql) => {
      const userId = await seedUser(sql, { email });
      await sql.query(
        `insert into generations (user_id, kind, model, provider, prompt, price, timeout_seconds, status, created_at, finished_at)
         select $1, 'image', 'flux-schnell', 'replicate', 'scroll ' || i, 5, 60, 'succeeded', t, t
           from generate_series(1, 60) i,
                lateral (select '2026-06-01T10:00:00Z'::text::timestamptz + (i % 40) * interval '1 microsecond' as t) at`,
        [userId],
      );
    });
  });
  const session = useBrowserApp(() => ({ DATA_DIR: dataDir, DEMO_PROVIDERS: "1" }));

  it("loads the next page as the end comes into view, and with the Load more button", async () => {
    const { app } = session;
    const { page, errors } = await session.openPage();
    expect((await page.request.post(`${app.url}/api/auth/local`, { data: { email } })).status()).toBe(200);
    const expected = (await (await page.request.get(`${app.url}/api/generations?limit=100`)).json()).items.map((g: { id: string }) => g.id);
    expect(expected).toHaveLength(60);

    await page.goto(`${app.url}/history`);
    await expectCards(page, 24);
    await page.getByTestId("history-item").last().scrollIntoViewIfNeeded();
    await expectCards(page, 48);
    // Pressed where it is: scrolling to it would bring the end into view, which loads by itself
    // (the path above) and takes the button away before the click lands.
    await page.getByRole("button", { name: "Load more" }).dispatchEvent("click");
    await expectCards(page, 60);
    await page.getByText("That is everything.").waitFor();
    const shown = await page.getByTestId("history-item").evaluateAll((els) => els.map((e) => e.getAttribute("data-id")));
    expect(shown).toEqual(expected);

    // A job named in the address but beyond the first page is read on its own and opened; the
    // star stays on its card, since the list does not yet know it.
    const oldest = expected.at(-1) as string;
    await page.goto(`${app.url}/history?open=${oldest}`);
    const details = page.getByTestId("details");
    await details.waitFor();
    await expect(details.textContent()).resolves.toContain("scroll ");
    await expect(details.getByRole("button", { name: /favourite/i }).count()).resolves.toBe(0);
    expect(await page.getByTestId("history-item").count()).toBe(24);
    // An id that is nobody's here opens nothing and says so.
    await page.goto(`${app.url}/history?open=00000000-0000-4000-8000-000000000000`);
    await page.getByText("No such generation.").waitFor();
    await expect(details.count()).resolves.toBe(0);
    expect(errors).toEqual([]);
  });
});
