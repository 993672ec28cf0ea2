-- Spending alerts: budgets per scope, channels, rules, and each firing with its deliveries.
-- alert_firing_once (rule, period, level) is what makes a rule fire once per period per level: two
-- evaluators racing both try the insert and only one row exists afterwards.
-- (usage_daily stays WITHOUT ROWID as migration 20261124100000 made it: Prisma cannot say so.)

-- CreateTable
CREATE TABLE "budget" (
    "scope_kind" TEXT NOT NULL,
    "scope_value" TEXT NOT NULL DEFAULT '',
    "monthly_pico" BIGINT NOT NULL,
    "updated_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("scope_kind", "scope_value")
);

-- CreateTable
CREATE TABLE "alert_channel" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "secret" TEXT,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "alert_rule" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "scope_kind" TEXT NOT NULL,
    "scope_value" TEXT NOT NULL DEFAULT '',
    "kind" TEXT NOT NULL,
    "threshold_unit" TEXT NOT NULL,
    "levels" TEXT NOT NULL,
    "min_amount_pico" BIGINT,
    "sensitivity_tenths" INTEGER,
    "quiet_minutes" INTEGER,
    "channel_ids" TEXT NOT NULL DEFAULT '[]',
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "alert_firing" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "rule_id" INTEGER,
    "rule_name" TEXT NOT NULL,
    "scope_kind" TEXT NOT NULL,
    "scope_value" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "level_key" TEXT NOT NULL,
    "level_label" TEXT NOT NULL,
    "value_pico" BIGINT NOT NULL,
    "threshold_pico" BIGINT NOT NULL,
    "fired_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledged_at" DATETIME
);

-- CreateTable
CREATE TABLE "alert_delivery" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "firing_id" INTEGER NOT NULL,
    "channel_id" INTEGER,
    "channel_kind" TEXT NOT NULL,
    "channel_name" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "updated_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" DATETIME,
    CONSTRAINT "alert_delivery_firing_id_fkey" FOREIGN KEY ("firing_id") REFERENCES "alert_firing" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "alert_firing_acknowledged_at_idx" ON "alert_firing"("acknowledged_at");

-- CreateIndex
CREATE UNIQUE INDEX "alert_firing_once" ON "alert_firing"("rule_id", "period", "level_key");

-- CreateIndex
CREATE INDEX "alert_delivery_status_idx" ON "alert_delivery"("status");

-- CreateIndex
CREATE INDEX "alert_delivery_firing_id_idx" ON "alert_delivery"("firing_id");


-- The one monthly budget the overview had (a setting) becomes the budget of scope "all".
INSERT INTO "budget" ("scope_kind", "scope_value", "monthly_pico")
SELECT 'all', '', CAST("value" AS INTEGER) FROM "setting" WHERE "key" = 'monthly_budget_pico';
DELETE FROM "setting" WHERE "key" = 'monthly_budget_pico';
