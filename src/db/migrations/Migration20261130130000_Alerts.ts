import { Migration } from '@mikro-orm/migrations';

/**
 * Price alerts: a schedule's rules and channels, the alerts raised (unique per schedule, rule and history point)
 * and their deliveries (the alert outbox); history points remember the collection that started them. Written by
 * hand (the snapshot is regenerated when parallel migrations are merged); the layout matches the entities.
 */
export class Migration20261130130000_Alerts extends Migration {

  override name = 'Migration20261130130000_Alerts';

  override up(): void | Promise<void> {
    this.addSql(`alter table "schedules" add column "alerts" jsonb not null default '[]', add column "webhook_url" text null, add column "webhook_secret" text null, add column "email_alerts" boolean not null default false;`);
    this.addSql(`alter table "price_observations" add column "first_product_id" int null;`);
    this.addSql(`create table "alerts" ("id" serial primary key, "owner_id" int not null, "schedule_id" int not null, "task_id" int not null, "confirm_task_id" int not null, "rule" varchar(32) not null, "value" numeric null, "url" text not null, "region" varchar(64) null, "observation_id" int not null, "previous" jsonb not null, "current" jsonb not null, "created_at" timestamptz not null);`);
    this.addSql(`alter table "alerts" add constraint "alerts_schedule_id_rule_observation_id_unique" unique ("schedule_id", "rule", "observation_id");`);
    this.addSql(`create index "alerts_owner_id_id_index" on "alerts" ("owner_id", "id");`);
    this.addSql(`alter table "alerts" add constraint "alerts_owner_id_foreign" foreign key ("owner_id") references "users" ("id") on delete cascade;`);
    this.addSql(`alter table "alerts" add constraint "alerts_schedule_id_foreign" foreign key ("schedule_id") references "schedules" ("id") on delete cascade;`);
    this.addSql(`create table "alert_deliveries" ("id" serial primary key, "alert_id" int not null, "channel" text check ("channel" in ('webhook', 'email')) not null, "status" text check ("status" in ('pending', 'sending', 'delivered', 'failed')) not null default 'pending', "attempts" int not null default 0, "next_attempt_at" timestamptz not null, "locked_until" timestamptz null, "last_error" text null, "delivered_at" timestamptz null, "mail_dedupe_key" varchar(200) null, "created_at" timestamptz not null);`);
    this.addSql(`alter table "alert_deliveries" add constraint "alert_deliveries_alert_id_channel_unique" unique ("alert_id", "channel");`);
    this.addSql(`create index "alert_deliveries_status_next_attempt_at_index" on "alert_deliveries" ("status", "next_attempt_at");`);
    this.addSql(`alter table "alert_deliveries" add constraint "alert_deliveries_alert_id_foreign" foreign key ("alert_id") references "alerts" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "alert_deliveries" cascade;`);
    this.addSql(`drop table if exists "alerts" cascade;`);
    this.addSql(`alter table "price_observations" drop column if exists "first_product_id";`);
    this.addSql(`alter table "schedules" drop column if exists "alerts", drop column if exists "webhook_url", drop column if exists "webhook_secret", drop column if exists "email_alerts";`);
  }

}
