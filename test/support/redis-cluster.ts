import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, type RedisHandle, startRedis, waitForPing } from './redis-server.ts';

/**
 * Throwaway multi-node Redis setups for the store's contract suite: a three-master Redis Cluster
 * and a master watched by one Sentinel, each on free loopback ports in temp folders, torn down by
 * `stop()`. Both need the `redis-server` and `redis-cli` binaries (see redisServerAvailable).
 */

export interface ClusterHandle {
  nodes: Array<{ host: string; port: number }>;
  stop(): Promise<void>;
}

/** Starts three cluster-enabled masters, joins them with `redis-cli --cluster create`, waits for ok. */
export async function startCluster(): Promise<ClusterHandle> {
  const servers: RedisHandle[] = [];
  try {
    for (let i = 0; i < 3; i++) {
      const bus = await freePort();
      servers.push(
        await startRedis([
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          'nodes.conf',
          '--cluster-port',
          String(bus),
          '--cluster-node-timeout',
          '2000',
        ]),
      );
    }
    const create = spawnSync(
      'redis-cli',
      [
        '--cluster',
        'create',
        ...servers.map((s) => `127.0.0.1:${s.port}`),
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ],
      { encoding: 'utf8', timeout: 30_000 },
    );
    if (create.status !== 0)
      throw new Error(`redis-cli --cluster create failed: ${create.stdout}${create.stderr}`);
    await waitFor(
      () => servers.every((s) => clusterInfo(s.port).includes('cluster_state:ok')),
      'cluster_state:ok on every node',
    );
  } catch (error) {
    await Promise.all(servers.map((s) => s.stop()));
    throw error;
  }
  return {
    nodes: servers.map((s) => ({ host: '127.0.0.1', port: s.port })),
    async stop() {
      await Promise.all(servers.map((s) => s.stop()));
    },
  };
}

function clusterInfo(port: number): string {
  return spawnSync('redis-cli', ['-p', String(port), 'CLUSTER', 'INFO'], { encoding: 'utf8' }).stdout ?? '';
}

export interface SentinelHandle {
  /** The Sentinel to connect through. */
  sentinels: Array<{ host: string; port: number }>;
  /** The master name it monitors. */
  name: string;
  master: RedisHandle;
  stop(): Promise<void>;
}

/** Starts a master and one `redis-server --sentinel` monitoring it (quorum 1). */
export async function startSentinel(name = 'checkin-test'): Promise<SentinelHandle> {
  const master = await startRedis();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'checkin-sentinel-'));
  const conf = join(dir, 'sentinel.conf');
  // Sentinel rewrites its own config file, so it must be a writable file of its own.
  writeFileSync(
    conf,
    [
      `port ${port}`,
      'bind 127.0.0.1',
      `dir ${dir}`,
      `sentinel monitor ${name} 127.0.0.1 ${master.port} 1`,
      `sentinel down-after-milliseconds ${name} 5000`,
      '',
    ].join('\n'),
  );
  let child: ChildProcess | null = null;
  try {
    child = spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' });
    await waitForPing(port);
    await waitFor(() => {
      const r = spawnSync('redis-cli', ['-p', String(port), 'SENTINEL', 'get-master-addr-by-name', name], {
        encoding: 'utf8',
      });
      return (r.stdout ?? '').includes(String(master.port));
    }, 'the Sentinel to know its master');
  } catch (error) {
    child?.kill('SIGKILL');
    await master.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const sentinel = child;
  return {
    sentinels: [{ host: '127.0.0.1', port }],
    name,
    master,
    async stop() {
      if (sentinel.exitCode === null && sentinel.signalCode === null) {
        const exited = new Promise((r) => sentinel.once('exit', r));
        sentinel.kill('SIGKILL');
        await exited;
      }
      await master.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}
