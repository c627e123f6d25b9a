/**
 * npm run token -- --role <bureau|bank|finance|regulator|admin> [--county 532301 ...] [--bank ABC]
 *                  [--subject name] [--ttl-hours 8]
 * Mints an HS256 caller token with the configured secret, issuer and audience (development and tests).
 */
import { parseArgs } from 'node:util';
import { ROLES, Role } from '../common/auth/caller';
import { mintToken } from '../common/auth/jwt';
import { loadConfig } from '../common/config';

const HELP = `usage: npm run token -- --role <${ROLES.join('|')}> [options]
  --county CODE     county the caller acts for (repeatable; bureau, finance and regulator)
  --bank CODE       bank the caller acts for (bank role)
  --subject NAME    token subject, for audit (default: dev-<role>)
  --ttl-hours N     lifetime in hours (default 8)
Prints the token. Uses JWT_SECRET, JWT_ISSUER and JWT_AUDIENCE from the environment.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      county: { type: 'string', multiple: true },
      bank: { type: 'string' },
      subject: { type: 'string' },
      'ttl-hours': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (!values.role || !(ROLES as readonly string[]).includes(values.role)) {
    console.error(`--role must be one of ${ROLES.join(', ')}\n\n${HELP}`);
    return 2;
  }
  const ttlHours = Number(values['ttl-hours'] ?? 8);
  if (!(ttlHours > 0 && ttlHours <= 24 * 30)) {
    console.error('--ttl-hours must be between 0 and 720');
    return 2;
  }
  const role = values.role as Role;
  const token = await mintToken(loadConfig().jwt, {
    subject: values.subject ?? `dev-${role}`,
    role,
    counties: values.county,
    bank: values.bank,
    expiresInSeconds: Math.round(ttlHours * 3600),
  });
  console.log(token);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
