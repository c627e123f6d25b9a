export default async function globalTeardown(): Promise<void> {
  const database = (globalThis as { __embeddedPostgres?: { stop(): Promise<void> } }).__embeddedPostgres;
  if (database) await database.stop();
}
