import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  // Components under test render through React's automatic JSX runtime, as Next compiles them.
  oxc: { jsx: { runtime: "automatic" } },
  resolve: {
    alias: {
      "@": root,
      // "server-only" throws outside React Server Components; tests import server modules directly.
      "server-only": path.join(root, "tests/support/empty.ts"),
    },
  },
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 240_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
