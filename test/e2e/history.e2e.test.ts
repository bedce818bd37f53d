import { expect } from 'chai';
import { getStack, type Stack } from '../support/stack.js';
import { ApiClient } from '../support/api-client.js';
import { FixtureServer } from '../support/fixture-server.js';
import { productPage } from '../support/marketplace-pages.js';

describe('price history end to end (collections → history API, CSV and chart)', function () {
  this.timeout(240_000);
  let stack: Stack;
  let shop: FixtureServer;
  let shownPrice = '1299';

  before(async () => {
    stack = await getStack();
    shop = await new FixtureServer()
      .route('/p/changing', (_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(productPage('Kettle', shownPrice, 'RUB')))
      .start();
  });

  after(async () => {
    await shop?.stop();
  });

  async function collect(api: ApiClient, url: string): Promise<void> {
    const submitted = await api.post('/api/offer-tasks', { urls: [url], region: 'Moscow' });
    expect(submitted.status).to.equal(202);
    const task = await api.waitForTask(submitted.body.id, 120_000);
    expect(task.status).to.equal('completed');
  }

  it('when a page is collected three times (price changes once), then the owner sees two points, CSV and a chart; others see nothing', async () => {
    const api = new ApiClient(stack.apiUrl);
    await api.signUp('history');
    const url = `${shop.baseUrl}/p/changing`;
    const query = `url=${encodeURIComponent(`${url}#reviews`)}&region=Moscow`;

    shownPrice = '1299';
    await collect(api, url);
    shownPrice = '999';
    await collect(api, url);
    const afterTwo = await api.get(`/api/history?${query}`);
    expect(afterTwo.status).to.equal(200);
    expect(afterTwo.body.url).to.equal(url);
    await collect(api, `${url}?utm_source=mail`);

    const history = await api.get(`/api/history?${query}`);
    expect(history.status).to.equal(200);
    const [current] = history.body.kinds;
    expect(current.kind).to.equal('current');
    expect(current.points.map((p: { amount: string }) => p.amount)).to.deep.equal(['1299', '999']);
    const [, latest] = current.points;
    expect(latest.currency).to.equal('RUB');
    expect(Date.parse(latest.lastSeen)).to.be.greaterThan(Date.parse(afterTwo.body.kinds[0].points[1].lastSeen));
    expect(latest.firstSeen).to.equal(afterTwo.body.kinds[0].points[1].firstSeen);
    expect(history.body.realDiscount).to.include({ currentAmount: '999', lowestPrior30Days: '1299', percent: 23.1 });

    const csv = await api.get(`/api/history?${query}&format=csv`);
    expect(csv.status).to.equal(200);
    expect(csv.headers.get('content-type')).to.match(/^text\/csv/);
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).to.equal('price_kind,amount,currency,availability,first_seen,last_seen');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).to.deep.equal(['current,1299,RUB', 'current,999,RUB']);

    const chart = await api.get(`/api/history/chart.svg?${query}`);
    expect(chart.status).to.equal(200);
    expect(chart.headers.get('content-type')).to.match(/^image\/svg\+xml/);
    expect(chart.text).to.match(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/).and.match(/<\/svg>$/);
    expect(chart.text.match(/<path class="price-line" data-kind="current"/g)).to.have.length(1);
    expect(chart.text).to.include('₽');
    expect(chart.text).to.match(/>[A-Z][a-z]{2} \d{1,2}/);

    const other = new ApiClient(stack.apiUrl);
    await other.signUp('history-other');
    expect((await other.get(`/api/history?${query}`)).status).to.equal(404);
    expect((await other.get(`/api/history/chart.svg?${query}`)).status).to.equal(404);
    expect((await api.get(`/api/history?url=${encodeURIComponent(url)}&region=Kazan`)).status).to.equal(404);
    expect((await api.get(`/api/history?url=not-a-url`)).status).to.equal(400);
    expect((await new ApiClient(stack.apiUrl).get(`/api/history?${query}`)).status).to.equal(401);
  });
});
