/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // PGlite loads its WebAssembly and data files from its own package folder at run time.
  serverExternalPackages: ["@electric-sql/pglite", "postgres"],
  // Migrations are read at run time (PGlite migrates on start, /api/health compares versions).
  outputFileTracingIncludes: { "/**": ["./supabase/migrations/*.sql"] },
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // The test suite builds once per run and type-checks separately (npm run typecheck).
  typescript: { ignoreBuildErrors: process.env.NEXORA_TEST_BUILD === "1" },
  eslint: { ignoreDuringBuilds: true },
};

export default nextConfig;
