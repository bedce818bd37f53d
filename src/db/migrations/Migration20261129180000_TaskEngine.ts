import { Migration } from '@mikro-orm/migrations';

/**
 * One task engine for every kind: price tasks' tables become the tables of all tasks (with a `kind`), products
 * record when they finished and how long the scrape took (per-site figures are computed from them, so the old
 * global counter table goes), and characteristics get their own rows. Existing price tasks keep their ids.
 */
export class Migration20261129180000_TaskEngine extends Migration {
  override name = 'Migration20261129180000_TaskEngine';

  override up(): void | Promise<void> {
    this.addSql(`alter table "offer_tasks" rename to "tasks";`);
    this.addSql(`alter table "tasks" rename constraint "offer_tasks_pkey" to "tasks_pkey";`);
    this.addSql(`alter sequence "offer_tasks_id_seq" rename to "tasks_id_seq";`);
    this.addSql(`alter table "tasks" add "kind" varchar(16) not null default 'offer';`);
    this.addSql(`alter table "tasks" alter column "kind" drop default;`);
    this.addSql(`alter table "tasks" drop constraint "offer_tasks_owner_id_idempotency_key_unique";`);
    this.addSql(`alter table "tasks" add constraint "tasks_owner_id_kind_idempotency_key_unique" unique ("owner_id", "kind", "idempotency_key");`);
    this.addSql(`drop index "offer_tasks_owner_id_index";`);
    this.addSql(`create index "tasks_owner_id_kind_id_index" on "tasks" ("owner_id", "kind", "id");`);
    this.addSql(`alter index "offer_tasks_status_index" rename to "tasks_status_index";`);
    this.addSql(`alter table "tasks" rename constraint "offer_tasks_owner_id_foreign" to "tasks_owner_id_foreign";`);
    this.addSql(`alter table "tasks" rename constraint "offer_tasks_status_check" to "tasks_status_check";`);

    this.addSql(`alter table "offer_task_requests" rename to "task_requests";`);
    this.addSql(`alter table "task_requests" rename constraint "offer_task_requests_pkey" to "task_requests_pkey";`);
    this.addSql(`alter sequence "offer_task_requests_id_seq" rename to "task_requests_id_seq";`);
    this.addSql(`alter table "task_requests" rename constraint "offer_task_requests_task_id_unique" to "task_requests_task_id_unique";`);
    this.addSql(`alter table "task_requests" rename constraint "offer_task_requests_task_id_foreign" to "task_requests_task_id_foreign";`);
    this.addSql(`alter table "task_requests" add "source" varchar(16) not null default 'json';`);

    this.addSql(`alter table "product_offers" rename to "task_products";`);
    this.addSql(`alter table "task_products" rename constraint "product_offers_pkey" to "task_products_pkey";`);
    this.addSql(`alter sequence "product_offers_id_seq" rename to "task_products_id_seq";`);
    this.addSql(`alter index "product_offers_domain_index" rename to "task_products_domain_index";`);
    this.addSql(`alter index "product_offers_task_id_status_index" rename to "task_products_task_id_status_index";`);
    this.addSql(`alter table "task_products" rename constraint "product_offers_task_id_position_unique" to "task_products_task_id_position_unique";`);
    this.addSql(`alter table "task_products" rename constraint "product_offers_task_id_foreign" to "task_products_task_id_foreign";`);
    this.addSql(`alter table "task_products" rename constraint "product_offers_status_check" to "task_products_status_check";`);
    this.addSql(`alter table "task_products" add "duration_ms" int null, add "finished_at" timestamptz null;`);
    this.addSql(`update "task_products" set "finished_at" = "updated_at" where "status" in ('succeeded', 'failed', 'cancelled');`);
    this.addSql(`create index "task_products_finished_at_index" on "task_products" ("finished_at");`);

    this.addSql(`drop table if exists "site_stats" cascade;`);

    this.addSql(`create table "product_characteristics" ("id" serial primary key, "product_id" int not null, "position" int not null, "name" text not null, "normalized_name" text not null, "value" text not null, "number" numeric null, "unit" varchar(32) null, "group_name" text null);`);
    this.addSql(`create index "product_characteristics_normalized_name_index" on "product_characteristics" ("normalized_name");`);
    this.addSql(`alter table "product_characteristics" add constraint "product_characteristics_product_id_position_unique" unique ("product_id", "position");`);
    this.addSql(`alter table "product_characteristics" add constraint "product_characteristics_product_id_foreign" foreign key ("product_id") references "task_products" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "product_characteristics" cascade;`);
    this.addSql(`delete from "tasks" where "kind" <> 'offer';`);
    this.addSql(`create table "site_stats" ("domain" varchar(255) not null, "success_count" int not null default 0, "failure_count" int not null default 0, "last_collected_at" timestamptz null, primary key ("domain"));`);
    this.addSql(`drop index "task_products_finished_at_index";`);
    this.addSql(`alter table "task_products" drop column "duration_ms", drop column "finished_at";`);
    this.addSql(`alter table "task_products" rename to "product_offers";`);
    this.addSql(`alter table "task_requests" drop column "source";`);
    this.addSql(`alter table "task_requests" rename to "offer_task_requests";`);
    this.addSql(`drop index "tasks_owner_id_kind_id_index";`);
    this.addSql(`alter table "tasks" drop constraint "tasks_owner_id_kind_idempotency_key_unique";`);
    this.addSql(`alter table "tasks" drop column "kind";`);
    this.addSql(`alter table "tasks" rename to "offer_tasks";`);
  }
}
