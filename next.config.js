/** @type {import('next').NextConfig} */
const nextConfig = {
  // loaded by Node at run time, never bundled: the native SQLite driver, and the tokenizer with its large rank tables
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "gpt-tokenizer"],
  poweredByHeader: false,
  experimental: {
    // LiteLLM's price file (Pricing page) is a few MB; usage files go through /api/upload, which streams
    serverActions: { bodySizeLimit: "20mb" },
  },
};
export default nextConfig;
