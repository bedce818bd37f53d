import { Migration } from '@mikro-orm/migrations';

/**
 * Recurring price checks: the `schedules` table and the run's link from `tasks`. Written by hand (the snapshot is
 * regenerated when parallel migrations are merged); the layout matches `schedule.entity.ts` and `task.entity.ts`.
 */
export class Migration20261130110000_Schedules extends Migration {

  override name = 'Migration20261130110000_Schedules';

  override up(): void | Promise<void> {
    this.addSql(`create table "schedules" ("id" serial primary key, "owner_id" int not null, "name" varchar(200) null, "urls" jsonb not null, "region" varchar(64) null, "every" varchar(64) null, "cron" varchar(200) null, "timezone" varchar(64) null, "paused" boolean not null default false, "created_at" timestamptz not null);`);
    this.addSql(`create index "schedules_owner_id_id_index" on "schedules" ("owner_id", "id");`);
    this.addSql(`alter table "schedules" add constraint "schedules_owner_id_foreign" foreign key ("owner_id") references "users" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "tasks" add column "schedule_id" int null;`);
    this.addSql(`create index "tasks_schedule_id_index" on "tasks" ("schedule_id");`);
    this.addSql(`alter table "tasks" add constraint "tasks_schedule_id_foreign" foreign key ("schedule_id") references "schedules" ("id") on update cascade on delete set null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "tasks" drop constraint if exists "tasks_schedule_id_foreign";`);
    this.addSql(`alter table "tasks" drop column if exists "schedule_id";`);
    this.addSql(`drop table if exists "schedules";`);
  }

}
