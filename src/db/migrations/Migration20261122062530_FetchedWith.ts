import { Migration } from '@mikro-orm/migrations';

export class Migration20261122062530_FetchedWith extends Migration {

  override name = 'Migration20261122062530_FetchedWith';

  override up(): void | Promise<void> {
    this.addSql(`alter table "product_offers" add "fetched_with" varchar(16) null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "product_offers" drop column "fetched_with";`);
  }

}
