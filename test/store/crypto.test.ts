import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hasCode } from '../../src/core/errors.ts';
import { createCipher, keyIdOf } from '../../src/store/crypto.ts';

const newKey = () => randomBytes(32).toString('base64');

describe('cipher (AES-256-GCM at rest)', () => {
  it('round-trips text and never shows the plaintext in the sealed form', () => {
    const cipher = createCipher({ current: newKey() });
    const plain = 'I felt anxious about the exam 😟';
    const sealed = cipher.encrypt(plain, 'slack:T1:U1|profile');
    expect(sealed).not.toContain('anxious');
    expect(sealed.startsWith(`${cipher.keyId}.`)).toBe(true);
    expect(cipher.decrypt(sealed, 'slack:T1:U1|profile')).toBe(plain);
    // A fresh IV each time: equal plaintexts do not give equal ciphertexts.
    expect(cipher.encrypt(plain, 'a')).not.toBe(cipher.encrypt(plain, 'a'));
  });

  it('refuses a value moved to another person or field (AAD binding)', () => {
    const cipher = createCipher({ current: newKey() });
    const sealed = cipher.encrypt('{"mood":2}', 'slack:T1:U1|h');
    expect(() => cipher.decrypt(sealed, 'slack:T1:U2|h')).toThrow(/failed authentication/);
  });

  it('refuses tampering', () => {
    const cipher = createCipher({ current: newKey() });
    const sealed = cipher.encrypt('hello', 'x');
    const bytes = Buffer.from(sealed.slice(9), 'base64');
    bytes[14] = (bytes[14] ?? 0) ^ 1;
    const tampered = `${sealed.slice(0, 9)}${bytes.toString('base64')}`;
    try {
      cipher.decrypt(tampered, 'x');
      expect.unreachable();
    } catch (error) {
      expect(hasCode(error, 'encryption')).toBe(true);
    }
  });

  it('rotates: old keys decrypt, the current key encrypts, unknown keys are named', () => {
    const oldKey = newKey();
    const before = createCipher({ current: oldKey });
    const sealed = before.encrypt('note', 'u|c');
    const after = createCipher({ current: newKey(), old: [oldKey] });
    expect(after.keyId).not.toBe(before.keyId);
    expect(after.isStale(sealed)).toBe(true);
    expect(after.decrypt(sealed, 'u|c')).toBe('note');
    const resealed = after.encrypt('note', 'u|c');
    expect(after.isStale(resealed)).toBe(false);
    const withoutOld = createCipher({ current: newKey() });
    expect(() => withoutOld.decrypt(sealed, 'u|c')).toThrow(new RegExp(`key id ${before.keyId}`));
  });

  it('derives a stable key id that is not the key', () => {
    const key = randomBytes(32);
    expect(keyIdOf(key)).toMatch(/^[0-9a-f]{8}$/);
    expect(keyIdOf(key)).toBe(keyIdOf(Buffer.from(key)));
    expect(key.toString('hex').startsWith(keyIdOf(key))).toBe(false);
  });

  it('rejects a key of the wrong length with the setting name', () => {
    expect(() => createCipher({ current: randomBytes(16).toString('base64') })).toThrow(
      /CHECKIN_ENCRYPTION_KEY: expected base64 of 32 bytes/,
    );
  });
});
