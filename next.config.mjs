/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // PGlite loads its WebAssembly and data files from its own package folder at run time.
  serverExternalPackages: ["@electric-sql/pglite", "postgres"],
  // Migrations are read at run time (PGlite migrates on start, /api/health compares versions).
  outputFileTracingIncludes: { "/**": ["./supabase/migrations/*.sql"] },
  distDir: process.env.NEXT_DIST_DIR || ".next",
};

export default nextConfig;
