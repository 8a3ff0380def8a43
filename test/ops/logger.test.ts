import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CheckinError, ErrorCode } from '../../src/core/errors.ts';
import { createLogger } from '../../src/ops/logger.ts';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'debug', destination: stream }) };
}

describe('logger', () => {
  it('redacts content- and secret-like fields at any depth', () => {
    const { lines, logger } = capture();
    logger
      .child({ eventId: 'e1' })
      .info(
        { text: 'sentinel-a', nested: { answer: 'sentinel-b', deeper: { token: 'xoxb-1' } }, count: 3 },
        'turn',
      );
    expect(lines[0]).toMatchObject({
      eventId: 'e1',
      count: 3,
      text: '[redacted]',
      nested: { answer: '[redacted]', deeper: { token: '[redacted]' } },
    });
  });

  it('logs an error by name, code and frames, never its message', () => {
    const { lines, logger } = capture();
    let parseError: unknown;
    try {
      JSON.parse('{"text": "sentinel-c');
    } catch (e) {
      parseError = e;
    }
    logger.error({ err: parseError }, 'bad payload');
    logger.error(
      { err: new CheckinError(ErrorCode.StoreUnavailable, 'redis at sentinel-d is down') },
      'store',
    );
    const out = JSON.stringify(lines);
    expect(out).not.toContain('sentinel');
    expect(lines[0]!.err).toMatchObject({ name: 'SyntaxError' });
    expect(lines[1]!.err).toMatchObject({ name: 'CheckinError', code: 'store_unavailable' });
    expect(String((lines[1]!.err as { stack: string }).stack)).toMatch(/at .*logger\.test\.ts/);
  });
});
