import net from 'node:net';

/**
 * Ports handed out here lie below Linux's ephemeral range (32768–60999): a port found free in that range can be
 * taken by some outgoing connection's local end before the child server binds it, which made servers started on
 * it fail now and then.
 */
const LOW = 20_000;
const HIGH = 32_767;

/** Finds a free TCP port on 127.0.0.1 for a child server that cannot listen on port 0 itself. */
export async function findFreePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW));
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port found between ${LOW} and ${HIGH}`);
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
