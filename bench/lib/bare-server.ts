// Starts the bare baseline server (bare-server-main.ts) as its own process.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startNodeChild, type Child } from './child.js';

const MAIN = fileURLToPath(new URL('./bare-server-main.js', import.meta.url));

export interface BareServer {
  url: string;
  child: Child;
}

/** `body` is what every request gets; `tlsDataDir` (an Arca data dir) switches to HTTPS with its certificates. */
export async function startBareServer(workDir: string, body: Buffer, tlsDataDir?: string): Promise<BareServer> {
  const bodyFile = join(workDir, 'bare-body.json');
  writeFileSync(bodyFile, body);
  const child = await startNodeChild([MAIN, bodyFile, ...(tlsDataDir ? [tlsDataDir] : [])], /listening on (\S+)/);
  return { url: child.match[1]!, child };
}
