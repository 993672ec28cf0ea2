-- Daily rollup of usage records: what the dashboard reads, so a month's overview sums a few thousand
-- rows instead of scanning millions. Kept in step by triggers, so every write path (import, API pull,
-- re-price, update of a record) moves it in the same transaction as the record itself.
-- Money is summed in two parts (whole milli-dollars and the picodollar remainder), as lib/queries/sql.ts
-- reads it, so a sum can never overflow 64-bit integers.

-- CreateTable
CREATE TABLE "usage_daily" (
    "day" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "base_model" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "api_key_id" TEXT NOT NULL,
    "batch" BOOLEAN NOT NULL,
    "records" INTEGER NOT NULL DEFAULT 0,
    "requests" INTEGER NOT NULL DEFAULT 0,
    "input_tokens" INTEGER NOT NULL DEFAULT 0,
    "cached_tokens" INTEGER NOT NULL DEFAULT 0,
    "output_tokens" INTEGER NOT NULL DEFAULT 0,
    "cost_hi" INTEGER NOT NULL DEFAULT 0,
    "cost_lo" INTEGER NOT NULL DEFAULT 0,
    "unpriced_tokens" INTEGER NOT NULL DEFAULT 0,
    "unpriced_rows" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("day", "model", "project_id", "api_key_id", "batch")
) WITHOUT ROWID; -- clustered on its key: a range of days is one contiguous read (Prisma cannot say this; the table is read by SQL only)

INSERT INTO "usage_daily" ("day", "model", "base_model", "project_id", "api_key_id", "batch", "records", "requests",
  "input_tokens", "cached_tokens", "output_tokens", "cost_hi", "cost_lo", "unpriced_tokens", "unpriced_rows")
SELECT "day", "model", "base_model", "project_id", "api_key_id", "batch", count(*), sum("requests"),
  sum("input_tokens"), sum("cached_tokens"), sum("output_tokens"),
  coalesce(sum("cost_pico" / 1000000000), 0), coalesce(sum("cost_pico" % 1000000000), 0),
  sum(CASE WHEN "cost_pico" IS NULL THEN "input_tokens" + "output_tokens" ELSE 0 END),
  sum(CASE WHEN "cost_pico" IS NULL THEN 1 ELSE 0 END)
FROM "usage_record" GROUP BY "day", "model", "base_model", "project_id", "api_key_id", "batch";

CREATE TRIGGER "usage_daily_add" AFTER INSERT ON "usage_record" BEGIN
  INSERT INTO "usage_daily" ("day", "model", "base_model", "project_id", "api_key_id", "batch", "records", "requests",
    "input_tokens", "cached_tokens", "output_tokens", "cost_hi", "cost_lo", "unpriced_tokens", "unpriced_rows")
  VALUES (NEW."day", NEW."model", NEW."base_model", NEW."project_id", NEW."api_key_id", NEW."batch", 1, NEW."requests",
    NEW."input_tokens", NEW."cached_tokens", NEW."output_tokens",
    coalesce(NEW."cost_pico" / 1000000000, 0), coalesce(NEW."cost_pico" % 1000000000, 0),
    CASE WHEN NEW."cost_pico" IS NULL THEN NEW."input_tokens" + NEW."output_tokens" ELSE 0 END,
    CASE WHEN NEW."cost_pico" IS NULL THEN 1 ELSE 0 END)
  ON CONFLICT ("day", "model", "project_id", "api_key_id", "batch") DO UPDATE SET
    "records" = "records" + 1,
    "requests" = "requests" + excluded."requests",
    "input_tokens" = "input_tokens" + excluded."input_tokens",
    "cached_tokens" = "cached_tokens" + excluded."cached_tokens",
    "output_tokens" = "output_tokens" + excluded."output_tokens",
    "cost_hi" = "cost_hi" + excluded."cost_hi",
    "cost_lo" = "cost_lo" + excluded."cost_lo",
    "unpriced_tokens" = "unpriced_tokens" + excluded."unpriced_tokens",
    "unpriced_rows" = "unpriced_rows" + excluded."unpriced_rows";
END;

CREATE TRIGGER "usage_daily_remove" AFTER DELETE ON "usage_record" BEGIN
  UPDATE "usage_daily" SET
    "records" = "records" - 1,
    "requests" = "requests" - OLD."requests",
    "input_tokens" = "input_tokens" - OLD."input_tokens",
    "cached_tokens" = "cached_tokens" - OLD."cached_tokens",
    "output_tokens" = "output_tokens" - OLD."output_tokens",
    "cost_hi" = "cost_hi" - coalesce(OLD."cost_pico" / 1000000000, 0),
    "cost_lo" = "cost_lo" - coalesce(OLD."cost_pico" % 1000000000, 0),
    "unpriced_tokens" = "unpriced_tokens" - CASE WHEN OLD."cost_pico" IS NULL THEN OLD."input_tokens" + OLD."output_tokens" ELSE 0 END,
    "unpriced_rows" = "unpriced_rows" - CASE WHEN OLD."cost_pico" IS NULL THEN 1 ELSE 0 END
  WHERE "day" = OLD."day" AND "model" = OLD."model" AND "project_id" = OLD."project_id" AND "api_key_id" = OLD."api_key_id" AND "batch" = OLD."batch";
  DELETE FROM "usage_daily"
  WHERE "day" = OLD."day" AND "model" = OLD."model" AND "project_id" = OLD."project_id" AND "api_key_id" = OLD."api_key_id" AND "batch" = OLD."batch" AND "records" = 0;
END;

CREATE TRIGGER "usage_daily_change" AFTER UPDATE ON "usage_record" BEGIN
  UPDATE "usage_daily" SET
    "records" = "records" - 1,
    "requests" = "requests" - OLD."requests",
    "input_tokens" = "input_tokens" - OLD."input_tokens",
    "cached_tokens" = "cached_tokens" - OLD."cached_tokens",
    "output_tokens" = "output_tokens" - OLD."output_tokens",
    "cost_hi" = "cost_hi" - coalesce(OLD."cost_pico" / 1000000000, 0),
    "cost_lo" = "cost_lo" - coalesce(OLD."cost_pico" % 1000000000, 0),
    "unpriced_tokens" = "unpriced_tokens" - CASE WHEN OLD."cost_pico" IS NULL THEN OLD."input_tokens" + OLD."output_tokens" ELSE 0 END,
    "unpriced_rows" = "unpriced_rows" - CASE WHEN OLD."cost_pico" IS NULL THEN 1 ELSE 0 END
  WHERE "day" = OLD."day" AND "model" = OLD."model" AND "project_id" = OLD."project_id" AND "api_key_id" = OLD."api_key_id" AND "batch" = OLD."batch";
  INSERT INTO "usage_daily" ("day", "model", "base_model", "project_id", "api_key_id", "batch", "records", "requests",
    "input_tokens", "cached_tokens", "output_tokens", "cost_hi", "cost_lo", "unpriced_tokens", "unpriced_rows")
  VALUES (NEW."day", NEW."model", NEW."base_model", NEW."project_id", NEW."api_key_id", NEW."batch", 1, NEW."requests",
    NEW."input_tokens", NEW."cached_tokens", NEW."output_tokens",
    coalesce(NEW."cost_pico" / 1000000000, 0), coalesce(NEW."cost_pico" % 1000000000, 0),
    CASE WHEN NEW."cost_pico" IS NULL THEN NEW."input_tokens" + NEW."output_tokens" ELSE 0 END,
    CASE WHEN NEW."cost_pico" IS NULL THEN 1 ELSE 0 END)
  ON CONFLICT ("day", "model", "project_id", "api_key_id", "batch") DO UPDATE SET
    "records" = "records" + 1,
    "requests" = "requests" + excluded."requests",
    "input_tokens" = "input_tokens" + excluded."input_tokens",
    "cached_tokens" = "cached_tokens" + excluded."cached_tokens",
    "output_tokens" = "output_tokens" + excluded."output_tokens",
    "cost_hi" = "cost_hi" + excluded."cost_hi",
    "cost_lo" = "cost_lo" + excluded."cost_lo",
    "unpriced_tokens" = "unpriced_tokens" + excluded."unpriced_tokens",
    "unpriced_rows" = "unpriced_rows" + excluded."unpriced_rows";
  DELETE FROM "usage_daily"
  WHERE "day" = OLD."day" AND "model" = OLD."model" AND "project_id" = OLD."project_id" AND "api_key_id" = OLD."api_key_id" AND "batch" = OLD."batch" AND "records" = 0;
END;
