import { Migration } from '@mikro-orm/migrations';

/**
 * A page that says the product is out of stock and shows no price is a successful collection of its availability:
 * its history point has no amount. Written by hand; the layout matches the entities.
 */
export class Migration20261130140000_AvailabilityOnlyPoints extends Migration {

  override name = 'Migration20261130140000_AvailabilityOnlyPoints';

  override up(): void | Promise<void> {
    this.addSql(`alter table "price_observations" alter column "amount" drop not null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`delete from "price_observations" where "amount" is null;`);
    this.addSql(`alter table "price_observations" alter column "amount" set not null;`);
  }

}
