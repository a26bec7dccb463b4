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
