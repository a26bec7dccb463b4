import { readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { SHOTS, useBrowserApp } from "../support/browser-app";

/** Strings Chart.js keeps through minification: a property it defines on data arrays (helpers), an error of its core. */
const CHART_JS_MARKS = ["_chartjs", "Canvas is already in use"];

/** Makes an image with the demo provider and waits until it has succeeded or failed. */
async function makeImage(page: Page, url: string, prompt: string): Promise<string> {
  const res = await page.request.post(`${url}/api/image/generate`, { data: { model: "flux-schnell", prompt } });
  const body = await res.json();
  let generation = body.generation ?? body.error?.details?.generation;
  expect(generation, JSON.stringify(body)).toBeTruthy();
  for (let i = 0; i < 100 && !["succeeded", "failed"].includes(generation.status); i++) {
    await page.waitForTimeout(200);
    generation = (await (await page.request.get(`${url}/api/generations/${generation.id}`)).json()).generation;
  }
  return generation.status;
}

/** The same-origin scripts a page loads while `visit` runs. */
async function scriptsLoaded(page: Page, visit: () => Promise<void>): Promise<string[]> {
  const urls = new Set<string>();
  const listener = (request: import("playwright-core").Request) => {
    if (request.resourceType() === "script") urls.add(request.url());
  };
  page.on("request", listener);
  await visit();
  await page.waitForLoadState("networkidle");
  page.off("request", listener);
  return [...urls];
}

async function scriptsWithChartJs(page: Page, urls: string[]): Promise<string[]> {
  const hits: string[] = [];
  for (const url of urls) {
    const code = await (await page.request.get(url)).text();
    if (CHART_JS_MARKS.some((mark) => code.includes(mark))) hits.push(url);
  }
  return hits;
}

const noSideScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe("production reports in Chromium", () => {
  const session = useBrowserApp();

  it("writes a report over real figures, charts them, exports Markdown, reopens a past one, and loads Chart.js on /reports only", async () => {
    const { app } = session;
    const { page, errors } = await session.openPage();
    expect((await page.request.post(`${app.url}/api/auth/local`, { data: { email: `reports-${Date.now()}@example.com` } })).status()).toBe(200);
    expect((await page.request.post(`${app.url}/api/lemon/local-checkout`, { data: { plan: "pro" } })).ok()).toBe(true);
    expect(await makeImage(page, app.url, "a lighthouse at dusk")).toBe("succeeded");
    expect(await makeImage(page, app.url, "a fox in fresh snow")).toBe("succeeded");
    expect(await makeImage(page, app.url, "a storm at sea [demo:fail]")).toBe("failed");
    // A clip cancelled while queued: refunded, and neither a success nor a failure of its model.
    const clip = await (await page.request.post(`${app.url}/api/video/generate`, { data: { model: "wan-2.1-turbo", prompt: "a quiet harbour [demo:slow]" } })).json();
    expect(clip.generation?.id, JSON.stringify(clip)).toBeTruthy();
    expect((await page.request.post(`${app.url}/api/generations/${clip.generation.id}/cancel`)).status()).toBe(200);

    const otherScripts: string[] = [];
    for (const other of ["/studio", "/kits"]) {
      const scripts = await scriptsLoaded(page, async () => {
        await page.goto(`${app.url}${other}`);
      });
      expect(scripts.length).toBeGreaterThan(0);
      expect(await scriptsWithChartJs(page, scripts)).toEqual([]);
      otherScripts.push(...scripts);
    }

    const reportsScripts = await scriptsLoaded(page, async () => {
      await page.goto(`${app.url}/reports`);
      await page.getByTestId("empty").waitFor();
      // 1,000 from the plan, less the two kept images (the failed one and the cancelled clip were refunded).
      await expect.poll(() => page.getByTestId("header-balance").textContent()).toBe("990 credits");
      await page.getByRole("button", { name: "Last 7 days" }).click();
      await page.getByRole("button", { name: "Write report · 5 credits" }).click();
      await page.getByTestId("report").waitFor();
      await page.locator("[data-testid=chart-spend] canvas").waitFor();
    });
    await expect.poll(() => page.getByTestId("header-balance").textContent()).toBe("985 credits");
    // The page keeps no balance of its own: the header is the one figure, and it moves without a reload.
    expect(await page.getByTestId("balance").count()).toBe(0);
    await page.evaluate(() => ((window as any).__samePage = true));
    await expect(page.getByTestId("figure-generations").textContent()).resolves.toBe("4");
    await expect(page.getByText("2 succeeded · 1 failed · 1 cancelled").count()).resolves.toBe(1);
    await expect(page.getByTestId("figure-success").textContent()).resolves.toBe("66.7%");
    await expect(page.getByTestId("figure-spent").textContent()).resolves.toBe("10");
    await expect(page.getByTestId("figure-refunded").textContent()).resolves.toBe("13");
    for (const chart of ["spend", "success", "latency", "activity"]) {
      await page.locator(`[data-testid=chart-${chart}] canvas`).waitFor();
    }
    // A canvas that was drawn on has pixels that are not transparent.
    const drawn = await page.locator("[data-testid=chart-spend] canvas").evaluate((c) => {
      const canvas = c as HTMLCanvasElement;
      const data = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
      return data.some((v, i) => i % 4 === 3 && v > 0);
    });
    expect(drawn).toBe(true);
    // The numbers behind a chart, for anyone who cannot see it.
    await page.locator("[data-testid=chart-spend] summary").click();
    await expect(page.locator("[data-testid=chart-spend] table").textContent()).resolves.toMatch(/FLUX\.1 schnell\s*10\s*5/);
    await expect(page.getByTestId("narrative").textContent()).resolves.toContain("4 generations");
    // The chart library came with the report, and only there.
    const chartChunks = await scriptsWithChartJs(page, reportsScripts);
    expect(chartChunks.length).toBeGreaterThanOrEqual(2);
    for (const chunk of chartChunks) expect(otherScripts).not.toContain(chunk);

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export Markdown" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^nexora-report-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.md$/);
    const markdown = readFileSync((await download.path())!, "utf8");
    expect(markdown).toContain("# Production report");
    expect(markdown).toContain("| 4 | 2 | 1 | 1 | 0 | 66.7% | 10 | 13 |");
    expect(markdown).toContain("| FLUX.1 schnell | image | 3 | 66.7% |");
    // Its one clip was cancelled: no success rate rather than 0%.
    expect(markdown).toContain("| Wan 2.1 Turbo | video | 1 | — | 0 | 8 | — | — |");

    await page.screenshot({ path: path.join(SHOTS, "reports.png"), fullPage: true });
    const firstTitle = await page.locator("#report-title").textContent();

    // A second report, over 30 days, then back to the first from the list.
    await page.getByRole("button", { name: "Last 30 days" }).click();
    await page.getByRole("button", { name: "Write report · 5 credits" }).click();
    await expect.poll(() => page.getByTestId("header-balance").textContent()).toBe("980 credits");
    await expect(page.evaluate(() => (window as any).__samePage)).resolves.toBe(true);
    await page.getByTestId("report-list").locator("li").nth(1).waitFor();
    expect(await page.getByTestId("report-list").locator("li").count()).toBe(2);
    expect(await page.locator("#report-title").textContent()).not.toBe(firstTitle);
    await page.getByTestId("report-list").getByRole("button", { name: new RegExp(firstTitle!) }).click();
    await expect.poll(() => page.locator("#report-title").textContent()).toBe(firstTitle);
    await expect(page.getByTestId("report-list").locator("[aria-current=true]").textContent()).resolves.toContain(firstTitle!);
    const reopened = new URL(page.url()).searchParams.get("report");
    // The address names the open report: a reload shows it again.
    await page.reload();
    await expect.poll(() => page.locator("#report-title").textContent()).toBe(firstTitle);
    expect(new URL(page.url()).searchParams.get("report")).toBe(reopened);
    await page.locator("[data-testid=chart-activity] canvas").waitFor();

    await page.setViewportSize({ width: 375, height: 800 });
    await page.waitForTimeout(300);
    expect(await noSideScroll(page)).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, "reports-375.png"), fullPage: true });
    expect(errors).toEqual([]);
  });

  it("says a quiet period is free and charges nothing, without loading Chart.js for a page with no chart", async () => {
    const { app } = session;
    const { page, errors } = await session.openPage();
    expect((await page.request.post(`${app.url}/api/auth/local`, { data: { email: `reports-quiet-${Date.now()}@example.com` } })).status()).toBe(200);
    const scripts = await scriptsLoaded(page, async () => {
      await page.goto(`${app.url}/reports`);
      await page.getByTestId("empty").waitFor();
    });
    expect(await scriptsWithChartJs(page, scripts)).toEqual([]);
    await page.getByRole("button", { name: "This month" }).click();
    await page.getByRole("button", { name: "Write report · 5 credits" }).click();
    await expect(page.getByTestId("quiet").textContent()).resolves.toContain("nothing was charged");
    await expect.poll(() => page.getByTestId("header-balance").textContent()).toBe("15 credits");
    expect(await page.getByTestId("report").count()).toBe(0);
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await noSideScroll(page)).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, "reports-empty-375.png"), fullPage: true });
    expect(errors).toEqual([]);
  });
});
