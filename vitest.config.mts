import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts", "lib/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // database tests each use their own temp SQLite file; files run in parallel workers
    pool: "forks",
  },
  resolve: { alias: { "@": new URL("./", import.meta.url).pathname } },
});
