import { Migration } from '@mikro-orm/migrations';

/**
 * Price history: append-only points per owner, URL, region and price kind. Written by hand (the snapshot is
 * regenerated when the parallel migrations are merged).
 */
export class Migration20261130100000_PriceHistory extends Migration {

  override name = 'Migration20261130100000_PriceHistory';

  override up(): void | Promise<void> {
    this.addSql(`create table "price_observations" ("id" serial primary key, "owner_id" int not null, "url" text not null, "region" varchar(64) not null default '', "kind" text check ("kind" in ('current', 'regular', 'card')) not null, "amount" numeric not null, "currency" varchar(3) null, "availability" varchar(32) null, "first_seen" timestamptz not null, "last_seen" timestamptz not null, "last_product_id" int not null);`);
    this.addSql(`create index "price_observations_owner_id_url_region_kind_last_seen_index" on "price_observations" ("owner_id", "url", "region", "kind", "last_seen");`);
    this.addSql(`alter table "price_observations" add constraint "price_observations_owner_id_foreign" foreign key ("owner_id") references "users" ("id") on update cascade on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "price_observations" cascade;`);
  }

}
