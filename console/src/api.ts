/** The console's one way to the hub: GraphQL at /graphql and the file endpoints, same origin. */
import { ApolloClient, ApolloLink, CombinedGraphQLErrors, HttpLink, InMemoryCache, ServerError } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { graphQLErrorMessage, HubMessage, httpErrorMessage, Lang } from './hub-errors';
import { currentToken } from './session';

const BASE = '';

export function createClient(): ApolloClient {
  const auth = new SetContextLink((previous) => {
    const token = currentToken();
    return { headers: { ...previous.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } };
  });
  return new ApolloClient({
    link: ApolloLink.from([auth, new HttpLink({ uri: `${BASE}/graphql` })]),
    cache: new InMemoryCache({
      typePolicies: {
        RosterImport: { keyFields: ['id'] },
        RosterVersion: { keyFields: ['id'] },
        // Pages and diffs are read as the hub returns them, never merged.
        RosterDiff: { keyFields: false },
        RosterDiffLine: { keyFields: false },
        RosterImportError: { keyFields: false },
      },
    }),
    defaultOptions: { watchQuery: { fetchPolicy: 'cache-and-network' } },
  });
}

/** What the hub said about a failed operation, in the chosen language. */
export function errorMessages(error: unknown, lang: Lang): HubMessage[] {
  if (CombinedGraphQLErrors.is(error)) return error.errors.map((e) => graphQLErrorMessage(e as never, lang));
  if (ServerError.is(error)) return [httpErrorMessage(error.statusCode, error.bodyText, lang)];
  if (error instanceof HttpFailure) return [error.hub];
  return [{ code: null, text: error instanceof Error ? error.message : String(error) }];
}

export class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly bodyText: string,
    readonly hub: HubMessage,
  ) {
    super(hub.text);
  }
}

function authHeaders(): Record<string, string> {
  const token = currentToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** Uploads a file with progress (XMLHttpRequest: fetch reports no upload progress). Resolves to the JSON answer. */
export function uploadFile(path: string, file: File, lang: Lang, onProgress: (percent: number) => void): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${BASE}${path}`);
    for (const [name, value] of Object.entries(authHeaders())) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(100);
        try {
          resolve(JSON.parse(xhr.responseText) as Record<string, unknown>);
        } catch {
          reject(new HttpFailure(xhr.status, xhr.responseText, httpErrorMessage(xhr.status, xhr.responseText, lang)));
        }
      } else reject(new HttpFailure(xhr.status, xhr.responseText, httpErrorMessage(xhr.status, xhr.responseText, lang)));
    };
    xhr.onerror = () => reject(new HttpFailure(0, '', { code: null, text: lang === 'zh' ? '无法连接到 Hub' : 'the hub could not be reached' }));
    xhr.send(file);
  });
}

/** Downloads a file the hub serves to a signed-in caller (the bearer token cannot ride on a plain link). */
export async function downloadFile(path: string, fallbackName: string, lang: Lang): Promise<void> {
  const response = await fetch(`${BASE}${path}`, { headers: authHeaders() });
  if (!response.ok) {
    const text = await response.text();
    throw new HttpFailure(response.status, text, httpErrorMessage(response.status, text, lang));
  }
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Buys the queue dashboard's session (an HttpOnly cookie for /admin/queues only) with the
 * signed-in admin's token; the dashboard itself is then opened as a plain page.
 */
export async function openQueueBoardSession(lang: Lang): Promise<string> {
  const response = await fetch(`${BASE}/admin/queues/session`, { method: 'POST', headers: authHeaders() });
  const text = await response.text();
  if (!response.ok) throw new HttpFailure(response.status, text, httpErrorMessage(response.status, text, lang));
  return (JSON.parse(text) as { url: string }).url;
}

export async function fetchDevUsers(): Promise<import('./session').DevUser[] | null> {
  const response = await fetch(`${BASE}/auth/dev-users`);
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return (await response.json()) as import('./session').DevUser[];
}

export async function requestDevToken(user: string, lang: Lang): Promise<{ token: string; user: import('./session').DevUser }> {
  const response = await fetch(`${BASE}/auth/dev-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user }),
  });
  const text = await response.text();
  if (!response.ok) throw new HttpFailure(response.status, text, httpErrorMessage(response.status, text, lang));
  return JSON.parse(text) as { token: string; user: import('./session').DevUser };
}
