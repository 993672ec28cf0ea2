/** @type {import('next').NextConfig} */
const nextConfig = {
  // native SQLite driver: loaded by Node at run time, never bundled
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3"],
  poweredByHeader: false,
};
export default nextConfig;
