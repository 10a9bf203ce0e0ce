/**
 * PostgreSQL's errors in words that say what to change. The password never appears: messages
 * name the server by host and port, and the user.
 */

export interface ServerAddress {
  host: string;
  port: string;
  user: string;
  database: string;
}

export function serverAddress(url: string): ServerAddress {
  const parsed = new URL(url);
  return {
    host: parsed.hostname || 'localhost',
    port: parsed.port || '5432',
    user: decodeURIComponent(parsed.username),
    database: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || decodeURIComponent(parsed.username),
  };
}

interface PgErrorFields {
  code?: string;
  message?: string;
}

export function connectionProblem(error: unknown, at: ServerAddress): string {
  const { code, message = String(error) } = (error ?? {}) as PgErrorFields;
  const server = `PostgreSQL at ${at.host}:${at.port}`;
  if (code === 'ECONNREFUSED') return `cannot connect to ${server}: connection refused; is the server running, and are the host and port in url right?`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `cannot connect to ${server}: host "${at.host}" not found; check the host in url`;
  if (code === 'ETIMEDOUT' || /timeout/i.test(message)) return `cannot connect to ${server}: no answer in time; check the host and port in url, and that a firewall lets this machine in`;
  if (code === '28P01' || code === '28000') return `${server} refused user "${at.user}": ${message}; check the user and password in url`;
  if (code === '3D000') return `${server} has no database "${at.database}"; check the database name at the end of url`;
  return `cannot connect to ${server}: ${firstLine(message)}`;
}

/** Which of the source's columns a conversion error is about, when PostgreSQL says so by its code. */
export type ConversionOf = 'day' | 'value' | undefined;

export function conversionOf(error: unknown): ConversionOf {
  const { code } = (error ?? {}) as PgErrorFields;
  if (code === '22007' || code === '22008') return 'day';
  if (code === '22P02') return 'value';
  return undefined;
}

export function queryProblem(error: unknown, query: string): string {
  const { code, message = String(error) } = (error ?? {}) as PgErrorFields;
  if (code === '57014') return `${queryStart(query)} ran past statementTimeoutSeconds and PostgreSQL cancelled it; raise statementTimeoutSeconds, or give the query an index on its time column`;
  return `PostgreSQL refused ${queryStart(query)}: ${firstLine(message)}`;
}

/** How messages name the query: by its first line (`the query starting "SELECT * FROM events"`). */
export function queryStart(query: string): string {
  const start = query.split('\n')[0]!.trim();
  return `the query starting "${start.length > 80 ? `${start.slice(0, 80)}...` : start}"`;
}

export function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}
