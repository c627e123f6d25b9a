/**
 * Starts test/support/oidc-provider-process.mjs (a real oidc-provider) in a child process: first its
 * issuer URL (so the hub can be configured with it), then, once the hub's URL is known, the
 * console's client and the accounts.
 */
import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';

export interface IssuerAccount {
  name: string;
  role: string;
  counties?: string[];
  bank?: string;
}

export interface TestIssuer {
  issuer: string;
  /** Registers the console's public client (PKCE) for the hub at `hubOrigin`, and the accounts. */
  configure(options: { clientId: string; hubOrigin: string; audience: string; accounts: Record<string, IssuerAccount> }): Promise<void>;
  close(): Promise<void>;
}

function nextMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`the test issuer exited (${code})`));
    child.once('exit', onExit);
    child.once('message', (message) => {
      child.off('exit', onExit);
      resolve(message as T);
    });
  });
}

export async function startTestIssuer(): Promise<TestIssuer> {
  const child = fork(join(__dirname, 'oidc-provider-process.mjs'), [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const { issuer } = await nextMessage<{ issuer: string }>(child).catch((error: Error) => {
    throw new Error(`${error.message}: ${stderr}`);
  });
  return {
    issuer,
    async configure({ clientId, hubOrigin, audience, accounts }) {
      const ready = nextMessage<{ ready: boolean }>(child);
      child.send({
        audience,
        accounts,
        client: {
          client_id: clientId,
          token_endpoint_auth_method: 'none',
          grant_types: ['authorization_code'],
          response_types: ['code'],
          redirect_uris: [`${hubOrigin}/console/callback`],
          post_logout_redirect_uris: [`${hubOrigin}/console/`],
        },
      });
      await ready;
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill();
      await exited;
    },
  };
}
