import { Migration } from '@mikro-orm/migrations';

export class Migration20261122044353 extends Migration {

  override name = 'Migration20261122044353';

  override up(): void | Promise<void> {
    // Session store of express-session (connect-pg-simple's schema); not an entity, so created here by hand.
    this.addSql(`create table "user_sessions" ("sid" varchar not null primary key, "sess" json not null, "expire" timestamp(6) not null);`);
    this.addSql(`create index "user_sessions_expire_index" on "user_sessions" ("expire");`);

    this.addSql(`create table "site_stats" ("domain" varchar(255) not null, "success_count" int not null default 0, "failure_count" int not null default 0, "last_collected_at" timestamptz null, primary key ("domain"));`);

    this.addSql(`create table "users" ("id" serial primary key, "username" varchar(150) not null, "email" varchar(254) not null, "password_hash" text not null, "first_name" varchar(150) not null default '', "last_name" varchar(150) not null default '', "is_admin" boolean not null default false, "created_at" timestamptz not null);`);
    this.addSql(`alter table "users" add constraint "users_username_unique" unique ("username");`);
    this.addSql(`alter table "users" add constraint "users_email_unique" unique ("email");`);

    this.addSql(`create table "offer_tasks" ("id" serial primary key, "owner_id" int not null, "status" text not null default 'pending', "region" varchar(64) null, "idempotency_key" varchar(128) null, "error" text null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "started_at" timestamptz null, "finished_at" timestamptz null);`);
    this.addSql(`create index "offer_tasks_owner_id_index" on "offer_tasks" ("owner_id");`);
    this.addSql(`create index "offer_tasks_status_index" on "offer_tasks" ("status");`);
    this.addSql(`alter table "offer_tasks" add constraint "offer_tasks_owner_id_idempotency_key_unique" unique ("owner_id", "idempotency_key");`);

    this.addSql(`create table "product_offers" ("id" serial primary key, "task_id" int not null, "position" int not null, "url" text not null, "domain" varchar(255) not null, "region" varchar(64) null, "status" text not null default 'pending', "error_code" varchar(64) null, "error" text null, "name" text null, "availability" varchar(32) null, "details" jsonb null, "attempts" int not null default 0, "created_at" timestamptz not null, "updated_at" timestamptz not null, "collected_at" timestamptz null);`);
    this.addSql(`create index "product_offers_domain_index" on "product_offers" ("domain");`);
    this.addSql(`create index "product_offers_task_id_status_index" on "product_offers" ("task_id", "status");`);
    this.addSql(`alter table "product_offers" add constraint "product_offers_task_id_position_unique" unique ("task_id", "position");`);

    this.addSql(`create table "offers" ("id" serial primary key, "product_id" int not null, "kind" text not null, "amount" numeric not null, "currency" varchar(3) null, "raw" text null, "collected_at" timestamptz not null);`);
    this.addSql(`alter table "offers" add constraint "offers_product_id_kind_unique" unique ("product_id", "kind");`);

    this.addSql(`create table "offer_task_requests" ("id" serial primary key, "task_id" int not null, "urls" jsonb not null, "region" varchar(64) null, "created_at" timestamptz not null);`);
    this.addSql(`alter table "offer_task_requests" add constraint "offer_task_requests_task_id_unique" unique ("task_id");`);

    this.addSql(`alter table "offer_tasks" add constraint "offer_tasks_owner_id_foreign" foreign key ("owner_id") references "users" ("id") on delete cascade;`);
    this.addSql(`alter table "offer_tasks" add constraint "offer_tasks_status_check" check ("status" in ('pending', 'running', 'completed', 'partially_completed', 'failed', 'cancelled'));`);

    this.addSql(`alter table "product_offers" add constraint "product_offers_task_id_foreign" foreign key ("task_id") references "offer_tasks" ("id") on delete cascade;`);
    this.addSql(`alter table "product_offers" add constraint "product_offers_status_check" check ("status" in ('pending', 'running', 'succeeded', 'failed', 'cancelled'));`);

    this.addSql(`alter table "offers" add constraint "offers_product_id_foreign" foreign key ("product_id") references "product_offers" ("id") on delete cascade;`);
    this.addSql(`alter table "offers" add constraint "offers_kind_check" check ("kind" in ('current', 'regular', 'card'));`);

    this.addSql(`alter table "offer_task_requests" add constraint "offer_task_requests_task_id_foreign" foreign key ("task_id") references "offer_tasks" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "offer_tasks" drop constraint "offer_tasks_owner_id_foreign";`);
    this.addSql(`alter table "product_offers" drop constraint "product_offers_task_id_foreign";`);
    this.addSql(`alter table "offer_task_requests" drop constraint "offer_task_requests_task_id_foreign";`);
    this.addSql(`alter table "offers" drop constraint "offers_product_id_foreign";`);

    this.addSql(`drop table if exists "user_sessions" cascade;`);
    this.addSql(`drop table if exists "site_stats" cascade;`);
    this.addSql(`drop table if exists "users" cascade;`);
    this.addSql(`drop table if exists "offer_tasks" cascade;`);
    this.addSql(`drop table if exists "product_offers" cascade;`);
    this.addSql(`drop table if exists "offers" cascade;`);
    this.addSql(`drop table if exists "offer_task_requests" cascade;`);
  }

}
