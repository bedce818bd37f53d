import type { EntityManager } from '@mikro-orm/postgresql';
import type { Database } from '../db/orm.js';
import { ObservedPrice, PriceKind, ProductCharacteristic, ProductStatus, Task, TaskProduct, TaskRequest, TaskStatus, User, UserRole, type ITask } from '../entities/index.js';
import { UserService } from '../services/user.service.js';

/** The demo accounts, with their documented passwords (README, "Demo data"). */
export const DEMO_USERS = [
  { username: 'demo-admin', email: 'demo-admin@example.com', password: 'demo-admin-password', firstName: 'Ada', role: UserRole.Admin },
  { username: 'anna', email: 'anna@example.com', password: 'demo-anna-password', firstName: 'Anna', role: UserRole.User },
  { username: 'boris', email: 'boris@example.com', password: 'demo-boris-password', firstName: 'Boris', role: UserRole.User },
] as const;

interface DemoOffer {
  url: string;
  name: string;
  prices: { kind: PriceKind; amount: string; currency: string; raw: string }[];
}
interface DemoSpec {
  url: string;
  name: string;
  characteristics: { name: string; value: string; number?: number; unit?: string; group?: string }[];
}

const OFFERS: DemoOffer[] = [
  {
    url: 'https://www.ozon.ru/product/smartfon-demo-x-128-gb-100000001/',
    name: 'Smartphone Demo X 128 GB',
    prices: [
      { kind: PriceKind.Current, amount: '24990', currency: 'RUB', raw: '24 990 ₽' },
      { kind: PriceKind.Regular, amount: '29990', currency: 'RUB', raw: '29 990 ₽' },
      { kind: PriceKind.Card, amount: '23490', currency: 'RUB', raw: '23 490 ₽ с картой' },
    ],
  },
  {
    url: 'https://www.dns-shop.ru/product/demo0001/noutbuk-demo-book-14/',
    name: 'Laptop Demo Book 14',
    prices: [{ kind: PriceKind.Current, amount: '61999', currency: 'RUB', raw: '61 999 ₽' }],
  },
  {
    url: 'https://www.amazon.com/dp/B0DEMO0001',
    name: 'Demo Wireless Headphones',
    prices: [
      { kind: PriceKind.Current, amount: '79.99', currency: 'USD', raw: '$79.99' },
      { kind: PriceKind.Regular, amount: '99.99', currency: 'USD', raw: 'List: $99.99' },
    ],
  },
];

const SPECS: DemoSpec[] = [
  {
    url: 'https://www.citilink.ru/product/smartfon-demo-x-128gb-1000001/properties/',
    name: 'Smartphone Demo X 128 GB',
    characteristics: [
      { name: 'Screen size', value: '6.1"', number: 6.1, unit: 'in', group: 'Display' },
      { name: 'Storage', value: '128 GB', number: 128, unit: 'GB', group: 'Memory' },
      { name: 'Weight', value: '172 g', number: 172, unit: 'g', group: 'Body' },
      { name: 'Colour', value: 'Graphite', group: 'Body' },
    ],
  },
  {
    url: 'https://megamarket.ru/catalog/details/noutbuk-demo-book-14-100000002/',
    name: 'Laptop Demo Book 14',
    characteristics: [
      { name: 'Screen size', value: '14"', number: 14, unit: 'in', group: 'Display' },
      { name: 'RAM', value: '16 GB', number: 16, unit: 'GB', group: 'Memory' },
      { name: 'Battery life', value: 'up to 12 h', number: 12, unit: 'h' },
    ],
  },
];

/** Thrown when the database already has accounts and `--force` was not given. */
export class NotEmptyError extends Error {}

/**
 * Fills a database with demo accounts and finished price and characteristics tasks, inserted directly (nothing is
 * scraped). Refuses a database that has users unless `force`; with `force`, demo accounts that exist are reused.
 * Returns lines describing what it created.
 */
export async function loadDemoData(db: Database, options: { force: boolean }): Promise<string[]> {
  const em = db.em.fork();
  const users = await em.count(User, {});
  if (users > 0 && !options.force) throw new NotEmptyError(`the database already has ${users} user(s); pass --force to add the demo data anyway`);
  const out: string[] = [];
  for (const [index, demo] of DEMO_USERS.entries()) {
    let user = await em.findOne(User, { username: demo.username });
    if (user) {
      out.push(`user ${demo.username} exists (id ${user.id}); kept as it is`);
    } else {
      const created = await new UserService(em).register(demo);
      await em.nativeUpdate(User, { id: created.id }, { role: demo.role, emailConfirmedAt: new Date() });
      user = await em.findOneOrFail(User, created.id);
      out.push(`user ${demo.username} / password ${demo.password} (${demo.role}, id ${user.id})`);
    }
    // Each user gets one price task and one characteristics task; the sample rotates so owners differ a little.
    const offers = [...OFFERS.slice(index), ...OFFERS.slice(0, index)].slice(0, 2 + (index % 2));
    const priceTask = await insertTask(em, user.id, 'offer', offers, (product, offer) => {
      for (const price of offer.prices) em.create(ObservedPrice, { product, ...price, collectedAt: new Date() });
    });
    out.push(`  offer task ${priceTask.id} (${offers.length} products with prices) for ${demo.username}`);
    const specs = index % 2 === 0 ? SPECS : SPECS.slice(0, 1);
    const specTask = await insertTask(em, user.id, 'spec', specs, (product, spec) => {
      spec.characteristics.forEach((c, position) =>
        em.create(ProductCharacteristic, {
          product,
          position,
          name: c.name,
          normalizedName: c.name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim(),
          value: c.value,
          number: c.number ?? null,
          unit: c.unit ?? null,
          group: c.group ?? null,
        }),
      );
    });
    out.push(`  spec task ${specTask.id} (${specs.length} products with characteristics) for ${demo.username}`);
  }
  return out;
}

async function insertTask<T extends { url: string; name: string }>(
  em: EntityManager,
  ownerId: number,
  kind: 'offer' | 'spec',
  items: T[],
  addResults: (product: ReturnType<typeof createProduct>, item: T) => void,
): Promise<ITask> {
  const now = new Date();
  const started = new Date(now.getTime() - 60_000);
  const task = em.create(Task, { kind, owner: ownerId, status: TaskStatus.Completed, createdAt: started, updatedAt: now, startedAt: started, finishedAt: now });
  em.create(TaskRequest, { task, urls: items.map((i) => i.url), source: 'json', createdAt: started });
  items.forEach((item, position) => addResults(createProduct(em, task, position, item, now), item));
  await em.flush();
  return task;
}

function createProduct(em: EntityManager, task: ITask, position: number, item: { url: string; name: string }, now: Date) {
  return em.create(TaskProduct, {
    task,
    position,
    url: item.url,
    domain: new URL(item.url).hostname,
    status: ProductStatus.Succeeded,
    name: item.name,
    availability: task.kind === 'offer' ? 'InStock' : null,
    attempts: 1,
    fetchedWith: 'http',
    durationMs: 800 + position * 150,
    createdAt: now,
    updatedAt: now,
    collectedAt: now,
    finishedAt: now,
  });
}
