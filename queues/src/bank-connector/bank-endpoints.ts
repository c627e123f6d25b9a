/**
 * Where the hub reaches a bank's connector and with which token: the bank registry decides.
 *
 *   1. the bank's registered connectorUrl, if it has one;
 *   2. else BANK_CONNECTOR_URL_TEMPLATE with {bank} replaced by its code (the fallback for banks
 *      registered without a URL);
 *   3. else the bank has no connector: nothing is sent to it, nothing pulled.
 *
 * The token is the secret the bank's credentialRef names: an environment variable of the worker
 * (ABC_CONNECTOR_TOKEN); without a credentialRef, BANK_CONNECTOR_TOKEN. A secret store key
 * (vault:huinong/banks/abc) is a reference this hub cannot resolve: the bank is unreachable, with
 * a reason that says so, and no call is made. A retired bank is reached no more.
 */

/** What the registry holds of a bank's connector (loans.banks). */
export interface RegisteredConnector {
  code: string;
  connectorUrl: string | null;
  credentialRef: string | null;
  retired: boolean;
}

export interface ConnectorFallback {
  /** BANK_CONNECTOR_URL_TEMPLATE. */
  urlTemplate?: string;
  /** BANK_CONNECTOR_TOKEN ('' when unset in production). */
  token: string;
}

export interface BankEndpoint {
  baseUrl: string;
  token: string;
  /** Where the URL came from, for the logs. */
  source: 'registry' | 'template';
}

export type EndpointResolution = { ok: true; endpoint: BankEndpoint } | { ok: false; reason: string };

/** An environment variable name, as credentialRef's first form has it (bank-registration.ts). */
const ENV_REF = /^[A-Z][A-Z0-9_]{2,63}$/;

export function templateUrl(template: string, bankCode: string): string {
  return template.replaceAll('{bank}', encodeURIComponent(bankCode)).replace(/\/+$/, '');
}

/** Pure: the registry's entry (null: not registered), the fallback settings, the environment. */
export function resolveBankEndpoint(
  bankCode: string,
  bank: RegisteredConnector | null,
  fallback: ConnectorFallback,
  env: Readonly<Record<string, string | undefined>>,
): EndpointResolution {
  if (bank?.retired) return { ok: false, reason: `bank ${bankCode} is retired: its connector is not called` };
  let baseUrl: string;
  let source: BankEndpoint['source'];
  if (bank?.connectorUrl) {
    baseUrl = bank.connectorUrl.replace(/\/+$/, '');
    source = 'registry';
  } else if (fallback.urlTemplate) {
    baseUrl = templateUrl(fallback.urlTemplate, bankCode);
    source = 'template';
  } else {
    return {
      ok: false,
      reason: `bank ${bankCode} has no connector: ${bank ? 'no connectorUrl is registered for it' : 'it is not registered'} and BANK_CONNECTOR_URL_TEMPLATE is not set`,
    };
  }
  const ref = bank?.credentialRef ?? null;
  if (ref === null) {
    if (!fallback.token)
      return { ok: false, reason: `bank ${bankCode} has no credentialRef registered and BANK_CONNECTOR_TOKEN is not set: no token to call ${baseUrl} with` };
    return { ok: true, endpoint: { baseUrl, token: fallback.token, source } };
  }
  if (!ENV_REF.test(ref))
    return {
      ok: false,
      reason: `bank ${bankCode}'s credentialRef "${ref}" names a secret store this hub cannot read (it resolves environment variables only): register an environment variable's name instead (updateBank), or give the worker that secret store; nothing is sent to ${baseUrl}`,
    };
  const token = env[ref];
  if (!token)
    return { ok: false, reason: `bank ${bankCode}'s credentialRef names the environment variable ${ref}, which is not set in the worker's environment` };
  return { ok: true, endpoint: { baseUrl, token, source } };
}

/** Resolves a bank's endpoint at the moment of the call, so a change of the registry takes effect on the next job. */
export type EndpointResolver = (bankCode: string) => Promise<EndpointResolution>;

/** Every bank by the URL template and one token (benchmarks and tests that talk to a simulator directly). */
export function templateEndpoints(urlTemplate: string, token: string): EndpointResolver {
  return async (bankCode) => ({ ok: true, endpoint: { baseUrl: templateUrl(urlTemplate, bankCode), token, source: 'template' } });
}

/** The registry's endpoints, read from the loans side's bank service (its front door) at each call. */
export function registryEndpoints(
  banks: {
    findByCodes(codes: readonly string[]): Promise<{ code: string; connectorUrl: string | null; credentialRef: string | null; retiredAt: Date | null }[]>;
  },
  fallback: ConnectorFallback,
  env: Readonly<Record<string, string | undefined>> = process.env,
): EndpointResolver {
  return async (bankCode) => {
    const [bank] = await banks.findByCodes([bankCode]);
    return resolveBankEndpoint(
      bankCode,
      bank ? { code: bank.code, connectorUrl: bank.connectorUrl, credentialRef: bank.credentialRef, retired: bank.retiredAt !== null } : null,
      fallback,
      env,
    );
  };
}
