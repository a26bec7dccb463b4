import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { SHOTS, useBrowserApp } from "../support/browser-app";

const noSideScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
const lastAnswer = (page: Page) => page.locator("[data-role=assistant]").last();
const lastCost = (page: Page) => page.getByTestId("answer-cost").last();
const textOf = async (page: Page) => (await lastAnswer(page).textContent()) ?? "";
const balanceOf = (page: Page) => page.getByTestId("header-balance").textContent();
const threadIdOf = (page: Page) => new URL(page.url()).searchParams.get("thread");
/** How long a poll waits for what a person would see (expect.poll's own default is one second). */
const WAIT = { timeout: 15_000 };
/** Waits until the bubbles have finished coming in, so a screenshot shows them as they stay. */
const settled = (page: Page) =>
  expect.poll(() => page.locator("[data-testid=messages] li, [data-testid=messages] article").evaluateAll((els) => els.every((el) => getComputedStyle(el).opacity === "1")), WAIT).toBe(true);

describe("the assistant in Chromium", () => {
  const session = useBrowserApp();

  async function signedIn(name: string) {
    const { app } = session;
    const { page, errors } = await session.openPage();
    expect((await page.request.post(`${app.url}/api/auth/local`, { data: { email: `${name}-${Date.now()}@example.com` } })).status()).toBe(200);
    return { page, errors };
  }

  /** A new user on the assistant page, once it is ready for a first message. */
  async function openAssistant(name: string) {
    const signed = await signedIn(name);
    await signed.page.goto(`${session.app.url}/assistant`);
    await signed.page.getByText("What are we launching?").waitFor();
    return signed;
  }

  async function sendAndWait(page: Page, message: string) {
    await page.getByLabel("Message", { exact: true }).fill(message);
    await page.getByRole("button", { name: "Send" }).click();
    await expect.poll(() => lastCost(page).textContent(), WAIT).toBe("2 credits");
    // Read as a person reads it: as Markdown, once react-markdown's chunk has replaced the plain-text stand-in.
    await expect.poll(() => lastAnswer(page).getByTestId("answer-plain").count(), WAIT).toBe(0);
  }

  it("shows the answer growing as it streams, writes for the brand set on the page, charges 2 credits and keeps the thread on reload", async () => {
    const { app } = session;
    const { page, errors } = await signedIn("assistant");
    await page.goto(`${app.url}/assistant`);
    await expect.poll(() => balanceOf(page), WAIT).toBe("15 credits");
    await page.getByText("What are we launching?").waitFor();
    // The page keeps no balance of its own: the header is the one figure, and it moves without a reload.
    expect(await page.getByTestId("balance").count()).toBe(0);
    await page.evaluate(() => ((window as any).__samePage = true));

    await page.getByRole("button", { name: "Brand", exact: true }).click();
    const brand = page.getByRole("dialog", { name: "Your brand" });
    await brand.getByLabel("Brand name").fill("Lumen Tea");
    await brand.getByLabel("What you sell").fill("loose-leaf tea");
    await brand.getByLabel("Who it is for").fill("busy designers");
    await brand.getByLabel("Voice").fill("calm");
    await page.screenshot({ path: path.join(SHOTS, "assistant-brand.png") });
    await brand.getByRole("button", { name: "Save brand" }).click();
    await page.getByText("Brand saved").waitFor();
    expect((await (await page.request.get(`${app.url}/api/brand`)).json()).brand).toMatchObject({ name: "Lumen Tea", voice: "calm" });

    await page.getByPlaceholder(/spring launch/).fill("Plan three posts for our spring blend");
    await page.getByRole("button", { name: "Send" }).click();

    // Sample the answer's length while it streams: it must be seen growing, not appear at once.
    const answer = lastAnswer(page);
    const lengths: number[] = [];
    for (let i = 0; i < 60 && !(await page.getByRole("button", { name: "Send" }).isVisible()); i++) {
      lengths.push(((await answer.textContent()) ?? "").length);
      await page.waitForTimeout(20);
    }
    await page.getByRole("button", { name: "Send" }).waitFor();
    const final = ((await answer.textContent()) ?? "").length;
    expect(new Set(lengths.filter((n) => n > 1 && n < final)).size).toBeGreaterThan(1);
    await expect(answer.textContent()).resolves.toContain("Lumen Tea");
    await expect.poll(() => balanceOf(page), WAIT).toBe("13 credits");
    await expect.poll(() => lastCost(page).textContent(), WAIT).toBe("2 credits");
    await expect(page.evaluate(() => (window as any).__samePage)).resolves.toBe(true);
    // The demo's numbered plan arrives as a Markdown list.
    await expect.poll(() => answer.locator("ol > li").count(), WAIT).toBe(4);
    expect(await answer.locator("strong").first().textContent()).toContain("Demo answer");

    // The thread is in the address and the list, and a reload opens it again.
    const threadId = threadIdOf(page);
    expect(threadId).toMatch(/^[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId("thread-list").first().textContent(), WAIT).toContain("Plan three posts for our spring blend");
    const written = await answer.textContent();
    await page.reload();
    await expect.poll(() => textOf(page), WAIT).toBe(written);
    expect(threadIdOf(page)).toBe(threadId);
    await expect(page.locator("[data-role=user]").allTextContents()).resolves.toEqual(["Plan three posts for our spring blend"]);
    await expect.poll(() => page.getByTestId("thread-title").textContent(), WAIT).toBe("Plan three posts for our spring blend");
    await settled(page);
    await page.screenshot({ path: path.join(SHOTS, "assistant.png"), fullPage: true });
    expect(errors).toEqual([]);
  });

  // Two answers, a phone layout and the chats sheet: more than the default minute under load, and
  // each wait inside names its own step when it runs out.
  it("renders code, lists and links from an answer, shows raw HTML as text, and fits a 375 px phone", { timeout: 120_000 }, async () => {
    const { page, errors } = await openAssistant("assistant-markdown");
    // The demo answer quotes the message, so what the message holds comes back in the answer.
    const box = page.getByLabel("Message", { exact: true });
    await box.fill('[our shop](https://example.com/shop) <img src=x onerror="__pwned=1"> <script>__pwned=2</script>');
    // Shift+Enter starts a new line; Enter sends.
    // Each line arrives as one input, as a paste or the phone's keyboard gives it: typed a key at a
    // time it was a re-render per character, and on a loaded CI machine that alone ran the test
    // into its time limit.
    for (const line of ["```", "npm run launch -- --channel=instagram --budget", "```", "ok"]) {
      await box.press("Shift+Enter");
      await page.keyboard.insertText(line);
    }
    expect((await box.inputValue()).split("\n")).toHaveLength(5);
    await box.press("Enter");
    await expect.poll(() => lastCost(page).textContent(), WAIT).toBe("2 credits");
    expect(await box.inputValue()).toBe("");

    const answer = page.locator("[data-role=assistant]").first();
    // The Markdown renderer loads after the page; until it does the answer is plain text. Should it
    // never come, say what the answer showed instead of running into the test's time limit.
    const code = await answer.locator("pre code").textContent({ timeout: WAIT.timeout }).catch(async (error: Error) => {
      throw new Error(`${error.message}\nthe answer: ${(await answer.innerHTML()).slice(0, 800)}`);
    });
    expect(code).toBe("npm run launch -- --channel=instagram --budget\n");
    const link = answer.getByRole("link", { name: "our shop" });
    expect(await link.getAttribute("href")).toBe("https://example.com/shop");
    expect(await link.getAttribute("target")).toBe("_blank");
    expect((await link.getAttribute("rel"))?.split(" ").sort()).toEqual(["noopener", "noreferrer"]);
    expect(await answer.locator("ol > li").count()).toBe(4);
    // Raw HTML in an answer (or a question) is text on the page, never an element.
    const answerText = (await answer.textContent()) ?? "";
    expect(answerText).toContain('<img src=x onerror="__pwned=1">');
    expect(answerText).toContain("<script>__pwned=2</script>");
    expect(await page.locator("[data-role=user]").last().textContent()).toContain("<script>__pwned=2</script>");
    expect(await page.locator("[data-role] img, [data-role] script").count()).toBe(0);
    expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();

    // A second message in the same thread: a javascript: link in it is not a way to run code.
    await sendAndWait(page, "And [tap here](javascript:alert(1)) please");
    await expect.poll(() => page.locator("[data-role=user]").count(), WAIT).toBe(2);
    const tap = lastAnswer(page).getByText("tap here");
    expect(await tap.evaluate((el) => el.closest("a")?.getAttribute("href") ?? "")).not.toMatch(/javascript/i);
    await expect.poll(() => balanceOf(page), WAIT).toBe("11 credits");

    await page.setViewportSize({ width: 375, height: 800 });
    await expect.poll(() => noSideScroll(page), WAIT).toBe(true);
    // The code block scrolls inside its bubble, the page never does.
    expect(await answer.locator("pre").evaluate((pre) => pre.scrollWidth > pre.clientWidth)).toBe(true);
    // The message box sits in view, above the phone's tab bar, in 16 px text so iOS does not zoom.
    const composer = (await page.getByTestId("composer").boundingBox())!;
    const tabBar = (await page.getByRole("navigation", { name: "Main pages" }).boundingBox())!;
    expect(composer.y).toBeGreaterThan(0);
    expect(composer.y + composer.height).toBeLessThanOrEqual(tabBar.y + 1);
    expect(await box.evaluate((el) => getComputedStyle(el).fontSize)).toBe("16px");
    expect(await box.getAttribute("enterkeyhint")).toBe("send");
    // The on-screen keyboard shrinks the page rather than covering the box.
    expect(await page.locator("meta[name=viewport]").getAttribute("content")).toContain("interactive-widget=resizes-content");
    await settled(page);
    await page.screenshot({ path: path.join(SHOTS, "assistant-375.png") });
    await page.screenshot({ path: path.join(SHOTS, "assistant-375-full.png"), fullPage: true });

    // On a phone the chats are a sheet opened from a button.
    await page.getByRole("button", { name: "Chats" }).click();
    const sheet = page.getByRole("dialog", { name: "Chats" });
    await expect.poll(() => sheet.getByTestId("thread-list").textContent(), WAIT).toContain("[our shop](https://example.com/shop)");
    expect(await noSideScroll(page)).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, "assistant-375-chats.png") });
    await page.keyboard.press("Escape");
    await sheet.waitFor({ state: "hidden" });
    expect(errors).toEqual([]);
  });

  it("follows a slow answer unless the reader scrolls up, and stops it: the text so far stays, marked stopped and charged", async () => {
    const { app } = session;
    const { page, errors } = await openAssistant("assistant-stop");
    await sendAndWait(page, "Plan three posts for our spring blend");
    await page.setViewportSize({ width: 375, height: 640 });
    const fromEnd = () => page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight - window.scrollY);

    await page.getByLabel("Message", { exact: true }).fill("Write a long campaign plan [demo:slow]");
    await page.getByRole("button", { name: "Send" }).click();
    await expect.poll(() => textOf(page).then((t) => t.length), WAIT).toBeGreaterThan(20);
    // The conversation keeps the growing answer in view...
    await expect.poll(fromEnd, WAIT).toBeLessThan(120);
    await settled(page);
    await page.screenshot({ path: path.join(SHOTS, "assistant-writing-375.png") });
    // ...until the reader scrolls up to read: then the next pieces leave the page where it is.
    await page.mouse.move(180, 300);
    await page.mouse.wheel(0, -10_000);
    await expect.poll(() => page.evaluate(() => window.scrollY), WAIT).toBe(0);
    const before = (await textOf(page)).length;
    await expect.poll(() => textOf(page).then((t) => t.length), WAIT).toBeGreaterThan(before);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    // The box and its Stop button stay in view wherever the page is.
    await page.getByRole("button", { name: "Stop" }).click();

    await expect.poll(() => lastCost(page).textContent(), WAIT).toBe("Stopped · 2 credits");
    const kept = await textOf(page);
    expect(kept.length).toBeGreaterThan(20);
    await page.getByRole("button", { name: "Send" }).waitFor();
    // Text arrived, so the answer is charged: the server keeps it as interrupted.
    await expect.poll(() => balanceOf(page), WAIT).toBe("11 credits");
    // A slow piece comes every half second: nothing more arrives after the stop.
    await page.waitForTimeout(1_200);
    expect(await textOf(page)).toBe(kept);
    await page.getByLabel("Message", { exact: true }).fill("Thanks, that is enough");
    expect(await page.getByRole("button", { name: "Send" }).isEnabled()).toBe(true);
    await page.getByTestId("answer-cost").last().scrollIntoViewIfNeeded();
    await settled(page);
    await page.screenshot({ path: path.join(SHOTS, "assistant-stopped-375.png") });

    const threadId = threadIdOf(page);
    await expect
      .poll(async () => (await (await page.request.get(`${app.url}/api/assistant/threads/${threadId}`)).json()).messages.map((m: { status: string }) => m.status), WAIT)
      .toEqual(["complete", "complete", "complete", "interrupted"]);
    await page.reload();
    await expect.poll(() => lastCost(page).textContent(), WAIT).toBe("Stopped · 2 credits");
    // The kept text comes back. Until react-markdown's chunk arrives it shows as plain text, its
    // Markdown marks included (on a loaded machine that lasts past the cost line's showing).
    const start = kept.trimEnd().slice(0, 20);
    await expect.poll(async () => (await textOf(page)).startsWith(start), { ...WAIT, message: `the kept answer, starting ${JSON.stringify(start)}` }).toBe(true);
    expect(errors).toEqual([]);
  });

  it("shows an answer that failed or broke off as refunded, with a way to try again", async () => {
    const { app } = session;
    const { page, errors } = await openAssistant("assistant-fail");
    await page.getByLabel("Message", { exact: true }).fill("A plan that breaks [demo:fail]");
    await page.getByRole("button", { name: "Send" }).click();
    await expect.poll(() => page.getByTestId("answer-failure").textContent(), WAIT).toContain("refunded");
    const failedThread = threadIdOf(page);
    expect(failedThread).toMatch(/^[0-9a-f-]{36}$/);
    await expect.poll(() => balanceOf(page), WAIT).toBe("15 credits");
    await page.getByRole("button", { name: /^Try again/ }).click();
    await page.locator("[data-sonner-toast]").filter({ hasText: /refunded/ }).first().waitFor();
    await expect.poll(() => balanceOf(page), WAIT).toBe("15 credits");
    expect(await page.locator("[data-role=user]").count()).toBe(1);

    // A model that breaks off mid-answer: the text so far stays, marked, and is refunded.
    await page.getByRole("button", { name: "New chat" }).click();
    await page.getByLabel("Message", { exact: true }).fill("A plan cut short [demo:cut]");
    await page.getByRole("button", { name: "Send" }).click();
    await expect.poll(() => lastCost(page).textContent(), WAIT).toBe("Cut off · refunded");
    expect((await textOf(page)).length).toBeGreaterThan(0);
    await expect.poll(() => balanceOf(page), WAIT).toBe("15 credits");
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${app.url}/assistant?thread=${failedThread}`);
    await expect.poll(() => page.getByTestId("answer-failure").textContent(), WAIT).toContain("This message was not answered, and its credits were refunded.");
    expect(await noSideScroll(page)).toBe(true);
    await settled(page);
    await page.screenshot({ path: path.join(SHOTS, "assistant-refunded-375.png") });
    expect(errors).toEqual([]);
  });

  it("regenerates the last answer, copies it, renames and deletes the thread", async () => {
    const { app } = session;
    const { page, errors } = await signedIn("assistant-threads");
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.url });
    await page.goto(`${app.url}/assistant`);
    await page.getByText("What are we launching?").waitFor();
    await sendAndWait(page, "Plan three posts for our spring blend");
    const first = await textOf(page);
    const threadId = threadIdOf(page);

    await page.getByRole("button", { name: /^Regenerate answer/ }).click();
    await expect.poll(() => page.getByTestId("answer-position").textContent(), WAIT).toBe("2 / 2");
    await expect.poll(() => lastCost(page).textContent(), WAIT).toBe("2 credits");
    await expect.poll(() => balanceOf(page), WAIT).toBe("11 credits");
    expect(await page.locator("[data-role=user]").count()).toBe(1);
    await page.getByRole("button", { name: "Previous answer" }).click();
    await expect.poll(() => page.getByTestId("answer-position").textContent(), WAIT).toBe("1 / 2");
    expect(await textOf(page)).toBe(first);
    await page.getByRole("button", { name: "Next answer" }).click();
    await expect.poll(() => page.getByTestId("answer-position").textContent(), WAIT).toBe("2 / 2");

    // The copy is the answer's Markdown, as written.
    await page.getByRole("button", { name: "Copy answer" }).click();
    await page.getByText("Answer copied").waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied.startsWith("**Demo answer")).toBe(true);
    expect(copied).toContain("1. Lead with what you sell");

    await page.reload();
    await expect.poll(() => page.getByTestId("answer-position").textContent(), WAIT).toBe("2 / 2");
    expect(threadIdOf(page)).toBe(threadId);

    const list = page.locator("aside").getByTestId("thread-list");
    await list.getByRole("button", { name: /^Rename/ }).click();
    const rename = page.getByRole("dialog", { name: "Rename chat" });
    await rename.getByLabel("Title").fill("Spring launch");
    await rename.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => list.textContent(), WAIT).toContain("Spring launch");
    await expect.poll(() => page.getByTestId("thread-title").textContent(), WAIT).toBe("Spring launch");
    await page.reload();
    await expect.poll(() => page.getByTestId("thread-title").textContent(), WAIT).toBe("Spring launch");

    await list.getByRole("button", { name: "Delete “Spring launch”" }).click();
    const confirm = page.getByRole("dialog", { name: "Delete this chat?" });
    await confirm.getByRole("button", { name: "Delete chat" }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, "assistant-delete.png") });
    await confirm.getByRole("button", { name: "Delete chat" }).click();
    await page.getByText("What are we launching?").waitFor();
    await page.locator("aside").getByText("No chats yet").waitFor();
    expect(threadIdOf(page)).toBeNull();
    expect((await page.request.get(`${app.url}/api/assistant/threads/${threadId}`)).status()).toBe(404);

    // An address naming a chat that is gone (or someone else's) says so.
    await page.goto(`${app.url}/assistant?thread=${threadId}`);
    await page.getByText("This chat is not here").waitFor();
    expect(threadIdOf(page)).toBeNull();
    expect(errors).toEqual([]);
  });
});
