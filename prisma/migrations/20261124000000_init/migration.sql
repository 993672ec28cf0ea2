-- CreateTable
CREATE TABLE "price_entry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "match_kind" TEXT NOT NULL,
    "match" TEXT NOT NULL,
    "applies_to" TEXT NOT NULL DEFAULT 'fine-tuned',
    "effective_from" TEXT NOT NULL,
    "training_pico" BIGINT,
    "input_pico" BIGINT NOT NULL,
    "cached_input_pico" BIGINT NOT NULL,
    "output_pico" BIGINT NOT NULL,
    "batch_input_pico" BIGINT NOT NULL,
    "batch_cached_pico" BIGINT NOT NULL,
    "batch_output_pico" BIGINT NOT NULL,
    "source" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "usage_record" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "bucket_start" INTEGER NOT NULL,
    "bucket_end" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "base_model" TEXT NOT NULL,
    "fine_tuned" BOOLEAN NOT NULL,
    "project_id" TEXT NOT NULL DEFAULT '',
    "api_key_id" TEXT NOT NULL DEFAULT '',
    "user_id" TEXT NOT NULL DEFAULT '',
    "batch" BOOLEAN NOT NULL DEFAULT false,
    "service_tier" TEXT NOT NULL DEFAULT '',
    "requests" INTEGER NOT NULL DEFAULT 0,
    "input_tokens" INTEGER NOT NULL,
    "cached_tokens" INTEGER NOT NULL,
    "output_tokens" INTEGER NOT NULL,
    "cost_pico" BIGINT,
    "price_entry_id" INTEGER,
    "import_id" INTEGER
);

-- CreateTable
CREATE TABLE "training_job" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "model" TEXT NOT NULL,
    "base_model" TEXT NOT NULL,
    "fine_tuned_model" TEXT,
    "status" TEXT NOT NULL,
    "trained_tokens" INTEGER,
    "epochs" INTEGER,
    "finished_at" INTEGER,
    "day" TEXT,
    "cost_pico" BIGINT,
    "price_entry_id" INTEGER,
    "import_id" INTEGER
);

-- CreateTable
CREATE TABLE "billed_cost" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "bucket_start" INTEGER NOT NULL,
    "bucket_end" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "line_item" TEXT NOT NULL DEFAULT '',
    "project_id" TEXT NOT NULL DEFAULT '',
    "organization_id" TEXT NOT NULL DEFAULT '',
    "currency" TEXT NOT NULL,
    "amount_pico" BIGINT NOT NULL,
    "import_id" INTEGER
);

-- CreateTable
CREATE TABLE "import_run" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "file_name" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "imported" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "duplicates" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "rows_done" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "started_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" DATETIME
);

-- CreateTable
CREATE TABLE "rejected_row" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "import_id" INTEGER NOT NULL,
    "line" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "raw" TEXT NOT NULL,
    CONSTRAINT "rejected_row_import_id_fkey" FOREIGN KEY ("import_id") REFERENCES "import_run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "setting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "updated_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "price_entry_match_kind_match_applies_to_effective_from_key" ON "price_entry"("match_kind", "match", "applies_to", "effective_from");

-- CreateIndex
CREATE UNIQUE INDEX "usage_natural_key" ON "usage_record"("bucket_start", "bucket_end", "model", "project_id", "api_key_id", "user_id", "batch", "service_tier");

-- CreateIndex
CREATE INDEX "training_job_day_idx" ON "training_job"("day");

-- CreateIndex
CREATE UNIQUE INDEX "billed_natural_key" ON "billed_cost"("bucket_start", "bucket_end", "line_item", "project_id", "organization_id", "currency");

-- CreateIndex
CREATE INDEX "import_run_sha256_idx" ON "import_run"("sha256");

-- CreateIndex
CREATE INDEX "rejected_row_import_id_idx" ON "rejected_row"("import_id");

