// The React that Next 15.5 ships to the browser, hydrating a page whose client code arrives while
// hydration is under way: the moment a slow phone (or a loaded machine) meets on every page. React
// 19.2 then replays the element that waited and, before two fixes from React 19.3, lost its place
// twice: its position among its siblings (useId then gave the subtree other ids than the server wrote,
// so a label pointed at nothing: react#35518) and the hydration cursor (React then reported a mismatch
// on identical markup and rendered the page again: react#35494). scripts/patches carries both fixes
// into Next's copy of react-dom; this test runs that copy, as the app's pages do, in Chromium.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchBrowser } from "../support/browser";

const require = createRequire(import.meta.url);
const vendored = (file: string) => readFileSync(require.resolve(`next/dist/compiled/${file}`), "utf8");

// CommonJS modules by the names Next's copies require each other by.
const MODULES: Record<string, string> = {
  "next/dist/compiled/react": vendored("react/cjs/react.production.js"),
  "next/dist/compiled/scheduler": vendored("scheduler/cjs/scheduler.production.js"),
  "next/dist/compiled/react-dom": vendored("react-dom/cjs/react-dom.production.js"),
  "react-dom/client": vendored("react-dom/cjs/react-dom-client.production.js"),
  "react-dom/server": vendored("react-dom/cjs/react-dom-server-legacy.browser.production.js"),
};

const LOADER = `
window.process = { env: { NODE_ENV: "production" } };
window.__factories = {};
window.__cache = {};
window.__require = function (name) {
  if (!(name in window.__cache)) {
    var module = { exports: {} };
    window.__cache[name] = module;
    window.__factories[name](module, module.exports, window.__require);
  }
  return window.__cache[name].exports;
};`;

const moduleScript = (name: string, source: string) =>
  `<script>window.__factories[${JSON.stringify(name)}] = function (module, exports, require) {\n${source.replaceAll("</script", "<\\/script")}\n};</script>`;

// The page: its middle element holds a part that is still loading (a lazy node, as React's server
// components send a client component whose chunk has not arrived) beside a labelled field.
const FIXTURE = `
window.hydration = (async function () {
  var React = __require("next/dist/compiled/react");
  var h = React.createElement;
  function Field() {
    var id = React.useId();
    return h("p", null, h("label", { htmlFor: id }, "Prompt"), h("textarea", { id: id }));
  }
  var hydrated;
  var done = new Promise(function (resolve) { hydrated = resolve; });
  function Page(props) {
    React.useEffect(function () { hydrated(); }, []);
    return h("main", null,
      h("h1", null, "Studio"),
      h("section", { id: "waiting" }, props.part, h(Field)),
      h("footer", null, "end"));
  }
  var part = h("span", null, "loaded part");
  var root = document.getElementById("root");
  root.innerHTML = __require("react-dom/server").renderToString(h(Page, { part: part }));
  var serverId = root.querySelector("textarea").id;

  // A lazy node made as React's server components make one: a chunk that says when it has loaded.
  var waits = 0;
  var chunk = { status: "pending", value: null, listeners: [], then: function (resolve) { this.listeners.push(resolve); } };
  var lazyPart = {
    $$typeof: Symbol.for("react.lazy"),
    _payload: chunk,
    _init: function (pending) {
      if (pending.status === "fulfilled") return pending.value;
      waits++;
      // It arrives while React is still in the render that waited for it.
      queueMicrotask(function () { arrive(part); });
      throw pending;
    },
  };
  function arrive(value) {
    chunk.status = "fulfilled";
    chunk.value = value;
    chunk.listeners.forEach(function (listener) { listener(value); });
  }
  var recoverable = [];
  // In a transition, as Next starts hydration: React then waits for what suspended and replays it.
  React.startTransition(function () {
    __require("react-dom/client").hydrateRoot(root, h(Page, { part: lazyPart }), {
      onRecoverableError: function (error) { recoverable.push(String(error && error.message)); },
    });
  });
  await done;

  var textarea = root.querySelector("textarea");
  var propsKey = Object.keys(textarea).find(function (key) { return key.indexOf("__reactProps$") === 0; });
  return {
    serverId: serverId,
    domId: textarea.id,
    reactId: propsKey ? textarea[propsKey].id : null,
    textareas: root.querySelectorAll("textarea").length,
    recoverable: recoverable,
    waits: waits,
    text: root.textContent,
  };
})();`;

describe("hydration while client code is still arriving (Next's react-dom)", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("keeps the server's markup and ids when a waiting element is replayed", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    const scripts = Object.entries(MODULES).map(([name, source]) => moduleScript(name, source)).join("\n");
    await page.setContent(`<!doctype html><html><body><div id="root"></div><script>${LOADER}</script>${scripts}<script>${FIXTURE}</script></body></html>`);
    const result = await page.evaluate(() => (window as unknown as { hydration: Promise<unknown> }).hydration);
    expect(errors).toEqual([]);
    expect(result).toMatchObject({
      // No mismatch reported on identical markup, so nothing rendered again.
      recoverable: [],
      // Hydration did meet the part before it arrived.
      waits: 1,
      textareas: 1,
      text: "Studioloaded partPromptend",
    });
    const { serverId, domId, reactId } = result as { serverId: string; domId: string; reactId: string };
    // The field hydrated with the id the server wrote, so its label still names it.
    expect(domId).toBe(serverId);
    expect(reactId).toBe(serverId);
    await page.close();
  });
});
