import { configureLogging, createLogger } from '../../src/log/logger.js';
import { redactText, registerEnvValue, registerSecret } from '../../src/log/redact.js';

function capture(isTTY: boolean): string[] {
  const lines: string[] = [];
  configureLogging({ sink: { write: (line) => lines.push(line), isTTY }, json: undefined, level: 'info' });
  return lines;
}

describe('logger', () => {
  it('writes one JSON object per line when not on a terminal, named after its module', () => {
    const lines = capture(false);
    createLogger('sync').child('accounts').info('page stored', { pulled: 200 });
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'info', logger: 'sync.accounts', msg: 'page stored', pulled: 200 });
  });

  it('writes readable lines on a terminal and drops levels below the threshold', () => {
    const lines = capture(true);
    const log = createLogger('writeback');
    log.debug('not shown');
    log.warn('retrying', { attempt: 2 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d WARN  \[writeback\] retrying attempt=2\n$/);
  });

  it('redacts registered secrets anywhere and credential-named fields whatever their value', () => {
    const lines = capture(false);
    registerSecret('sk-live-0123456789');
    createLogger('connector').error('login failed with sk-live-0123456789', {
      request: { headers: { Authorization: 'Bearer abc' }, url: 'https://x/?key=sk-live-0123456789' },
      clientSecret: 'hunter2',
      error: new Error('token sk-live-0123456789 rejected'),
    });
    const text = lines.join('');
    expect(text).not.toContain('sk-live-0123456789');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('Bearer abc');
    expect(JSON.parse(text)).toMatchObject({ msg: 'login failed with [redacted]', clientSecret: '[redacted]', error: { message: 'token [redacted] rejected' } });
  });
});

describe('values from the environment', () => {
  it('mask a URL only where it carries credentials, so it reads the same on stdout and in logs', () => {
    registerEnvValue('http://127.0.0.1:4010');
    registerEnvValue('https://bot:pw-0123456789@crm.example/api?key=k-9876543210&region=europe');
    registerEnvValue('pat-na1-plainsecret');
    expect(redactText('OK   acme-sf: Salesforce at http://127.0.0.1:4010')).toBe('OK   acme-sf: Salesforce at http://127.0.0.1:4010');
    expect(redactText('GET https://bot:pw-0123456789@crm.example/api?key=k-9876543210&region=europe')).toBe('GET https://bot:[redacted]@crm.example/api?key=[redacted]&region=europe');
    expect(redactText('token pat-na1-plainsecret')).toBe('token [redacted]');
  });
});
