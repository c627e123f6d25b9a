/**
 * The hub's own words for a refusal, in the chosen language: a GraphQL error's `extensions.zh`
 * (Chinese) or its message (English), or an HTTP endpoint's body `{ error, code, zh }`. The
 * console never invents a message for a refusal the hub explained.
 */
export type Lang = 'zh' | 'en';

export interface HubErrorLike {
  message?: string;
  extensions?: { code?: unknown; zh?: unknown; [key: string]: unknown };
}

export interface HubMessage {
  code: string | null;
  text: string;
}

/** One GraphQL error as the hub sent it. */
export function graphQLErrorMessage(error: HubErrorLike, lang: Lang): HubMessage {
  const code = typeof error.extensions?.code === 'string' ? error.extensions.code : null;
  const zh = typeof error.extensions?.zh === 'string' ? error.extensions.zh : null;
  return { code, text: (lang === 'zh' && zh) || error.message || code || '' };
}

/** An HTTP endpoint's error body (file uploads and downloads, sign-in). */
export function httpErrorMessage(status: number, bodyText: string, lang: Lang): HubMessage {
  try {
    const body = JSON.parse(bodyText) as { error?: unknown; code?: unknown; zh?: unknown; errors?: HubErrorLike[] };
    if (Array.isArray(body.errors) && body.errors.length) return graphQLErrorMessage(body.errors[0], lang);
    const code = typeof body.code === 'string' ? body.code : null;
    const zh = typeof body.zh === 'string' ? body.zh : null;
    const en = typeof body.error === 'string' ? body.error : null;
    if (zh || en) return { code, text: (lang === 'zh' ? zh || en : en || zh) as string };
  } catch {
    // not JSON: fall through to the status
  }
  return { code: null, text: lang === 'zh' ? `服务器返回 HTTP ${status}` : `the hub answered HTTP ${status}` };
}
