import { Migration } from '@mikro-orm/migrations';

/** The foreign keys of the hand-written history and schedule migrations, made exactly as the entities declare them (no ON UPDATE action). */
export class Migration20261130120000_ForeignKeyActions extends Migration {

  override name = 'Migration20261130120000_ForeignKeyActions';

  override up(): void | Promise<void> {
    this.addSql(`alter table "schedules" drop constraint "schedules_owner_id_foreign";`);

    this.addSql(`alter table "tasks" drop constraint "tasks_schedule_id_foreign";`);

    this.addSql(`alter table "price_observations" drop constraint "price_observations_owner_id_foreign";`);

    this.addSql(`alter table "schedules" add constraint "schedules_owner_id_foreign" foreign key ("owner_id") references "users" ("id") on delete cascade;`);

    this.addSql(`alter table "tasks" add constraint "tasks_schedule_id_foreign" foreign key ("schedule_id") references "schedules" ("id") on delete set null;`);

    this.addSql(`alter table "price_observations" add constraint "price_observations_owner_id_foreign" foreign key ("owner_id") references "users" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "price_observations" drop constraint "price_observations_owner_id_foreign";`);

    this.addSql(`alter table "schedules" drop constraint "schedules_owner_id_foreign";`);

    this.addSql(`alter table "tasks" drop constraint "tasks_schedule_id_foreign";`);

    this.addSql(`alter table "price_observations" add constraint "price_observations_owner_id_foreign" foreign key ("owner_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "schedules" add constraint "schedules_owner_id_foreign" foreign key ("owner_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "tasks" add constraint "tasks_schedule_id_foreign" foreign key ("schedule_id") references "schedules" ("id") on update cascade on delete set null;`);
  }

}
