import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";

// webpack's build cache knows a package in node_modules by its version, and a patched package
// (scripts/patches, applied on install) keeps the version it had: the patches' digest joins the
// cache's version, so a build cached before a patch changed is not reused. (`next start` reads this
// file too, where a deployment may not carry the patches: it builds nothing, so none is fine.)
const patches = new URL("./scripts/patches/", import.meta.url);
const patchesDigest = existsSync(patches)
  ? createHash("sha256")
      .update(readdirSync(patches).sort().map((name) => readFileSync(new URL(name, patches), "utf8")).join("\n"))
      .digest("hex")
      .slice(0, 16)
  : "none";

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // PGlite loads its WebAssembly and data files from its own package folder at run time.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "pino"],
  // Read at run time: migrations (PGlite migrates on start, /api/health compares versions) and
  // the demo provider's clips.
  outputFileTracingIncludes: { "/**": ["./supabase/migrations/*.sql", "./lib/providers/demo-clips/*.mp4"] },
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // The test suite builds once per run and type-checks separately (npm run typecheck).
  typescript: { ignoreBuildErrors: process.env.NEXORA_TEST_BUILD === "1" },
  eslint: { ignoreDuringBuilds: true },
  webpack(config) {
    if (config.cache && typeof config.cache === "object") config.cache.version = `${config.cache.version}|patches:${patchesDigest}`;
    return config;
  },
  // The headers that never depend on configuration, on every response including static files;
  // the Content-Security-Policy and HSTS are set at run time by the middleware.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
        ],
      },
    ];
  },
};

export default nextConfig;
