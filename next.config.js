/** @type {import('next').NextConfig} */
const nextConfig = {
  // native SQLite driver: loaded by Node at run time, never bundled
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3"],
  poweredByHeader: false,
  experimental: {
    // LiteLLM's price file (Pricing page) is a few MB; usage files go through /api/upload, which streams
    serverActions: { bodySizeLimit: "20mb" },
  },
};
export default nextConfig;
