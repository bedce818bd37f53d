import { getStack, stopSharedStack } from '../../../test/support/stack.js';
import { ApiClient } from '../../../test/support/api-client.js';
const stack = await getStack();
try {
  const m = new ApiClient(stack.apiUrl);
  const name = await m.signUp('probe');
  const show = (label: string, r: any) => console.log(label, r.status, r.headers.get('content-type'), JSON.stringify(r.body).slice(0, 300));
  show('id %', await m.get('/api/offer-tasks/%'));
  show('id %ZZ', await m.get('/api/offer-tasks/%ZZ'));
  show('cancel %E0%A4%A', await m.post('/api/offer-tasks/%E0%A4%A/cancel'));
  show('register firstName NUL', await new ApiClient(stack.apiUrl).post('/api/auth/register', { username: name + 'x', email: `${name}x@example.test`, password: 'long enough pw', firstName: 'a\u0000b' }));
  show('login username NUL', await new ApiClient(stack.apiUrl).post('/api/auth/login', { username: 'a\u0000b', password: 'x' }));
  show('urls NUL', await m.post('/api/offer-tasks', { urls: ['http://127.0.0.1:9/a\u0000'] }));
  show('region NUL', await m.post('/api/offer-tasks', { urls: ['http://127.0.0.1:9/a'], region: 'a\u0000' }));
  show('gzip bad', await m.request('POST', '/api/auth/login', '{}', { 'content-type': 'application/json', 'content-encoding': 'gzip' }));
  show('offset huge', await m.get('/api/offer-tasks?offset=9007199254740991'));
  show('dup ikey', await m.post('/api/offer-tasks', { urls: ['http://127.0.0.1:9/b'] }, { 'idempotency-key': 'k1' }));
  show('dup ikey2', await m.post('/api/offer-tasks', { urls: ['http://127.0.0.1:9/b'] }, { 'idempotency-key': 'k1' }));
  show('ikey latin1', await m.post('/api/offer-tasks', { urls: ['http://127.0.0.1:9/b'] }, { 'idempotency-key': 'é' }));
  show('utf16', await m.request('POST', '/api/auth/login', '{}', { 'content-type': 'application/json; charset=utf-16' }));
  show('deep', await m.request('POST', '/api/auth/login', '['.repeat(100000) + ']'.repeat(100000), { 'content-type': 'application/json' }));
} finally {
  await stopSharedStack();
}
