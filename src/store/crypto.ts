import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { CheckinError, ErrorCode } from '../core/errors.ts';

/**
 * Encryption at rest: AES-256-GCM with a random 96-bit IV per value. Every ciphertext names the
 * key that made it (a short id derived from the key, never the key), so keys can rotate: the
 * current key encrypts, older keys still decrypt until `checkin rotate-key` has re-encrypted all.
 *
 * `aad` binds a ciphertext to where it belongs (e.g. `slack:T1:U1|profile`): GCM authenticates it,
 * so a value copied to another person's key or another field fails to decrypt instead of being
 * read as theirs.
 *
 * Wire form: `<key id (8 hex)>.<base64 of iv(12) | ciphertext | tag(16)>`.
 */
export interface Cipher {
  /** Id of the current key; values carrying another id are due for rotation. */
  readonly keyId: string;
  /** Encrypts `plain` with the current key, bound to `aad`. */
  encrypt(plain: string, aad: string): string;
  /**
   * Decrypts a value made by `encrypt` with the current or any old key and the same `aad`.
   * Throws CheckinError(encryption) on an unknown key id, a wrong `aad` or tampering.
   */
  decrypt(sealed: string, aad: string): string;
  /** True when `sealed` was made with an older key (rotate-key re-encrypts those). */
  isStale(sealed: string): boolean;
}

/** Where keys come from: the config's CHECKIN_ENCRYPTION_KEY and CHECKIN_ENCRYPTION_OLD_KEYS. */
export interface CipherKeys {
  /** base64 of 32 bytes. */
  current: string;
  /** base64 of 32 bytes each; decrypt only. */
  old?: readonly string[];
}

const IV_BYTES = 12;
// IVs are drawn from a pool filled 4,096 at a time: one CSPRNG call instead of one per value, each
// IV still fresh random bytes used exactly once (GCM's rule), at a fraction of the cost.
const IV_POOL_SIZE = IV_BYTES * 4096;
let ivPool = Buffer.alloc(0);
let ivOffset = 0;

function nextIv(): Buffer {
  if (ivOffset + IV_BYTES > ivPool.length) {
    ivPool = randomBytes(IV_POOL_SIZE);
    ivOffset = 0;
  }
  const iv = ivPool.subarray(ivOffset, ivOffset + IV_BYTES);
  ivOffset += IV_BYTES;
  return iv;
}
const TAG_BYTES = 16;
// Scratch space where encrypt assembles a value before encoding it (never handed out; grows as needed).
let packScratch = Buffer.allocUnsafe(4096);
const ID_LENGTH = 8;

function decodeKey(base64: string, what: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) {
    throw new CheckinError(
      ErrorCode.InvalidConfig,
      `${what}: expected base64 of 32 bytes (as \`checkin gen-key\` prints), got ${key.length} bytes.`,
    );
  }
  return key;
}

/** The public id of a key: first 8 hex digits of HMAC-SHA256(key, label). Reveals nothing of the key. */
export function keyIdOf(key: Buffer): string {
  return createHmac('sha256', key).update('checkin key id v1').digest('hex').slice(0, ID_LENGTH);
}

export function createCipher(keys: CipherKeys): Cipher {
  const current = decodeKey(keys.current, 'CHECKIN_ENCRYPTION_KEY');
  const currentId = keyIdOf(current);
  const byId = new Map<string, Buffer>([[currentId, current]]);
  for (const old of keys.old ?? []) {
    const key = decodeKey(old, 'CHECKIN_ENCRYPTION_OLD_KEYS');
    const id = keyIdOf(key);
    if (!byId.has(id)) byId.set(id, key);
  }

  return {
    keyId: currentId,
    encrypt(plain, aad) {
      const iv = nextIv();
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      cipher.setAAD(Buffer.from(aad, 'utf8'));
      const body = cipher.update(plain, 'utf8');
      const final = cipher.final(); // empty for GCM, copied anyway should that ever change
      const tag = cipher.getAuthTag();
      // iv | ciphertext | tag assembled in a reused buffer: base64 copies it out at once.
      const length = IV_BYTES + body.length + final.length + TAG_BYTES;
      if (packScratch.length < length)
        packScratch = Buffer.allocUnsafe(Math.max(length, 2 * packScratch.length));
      iv.copy(packScratch, 0);
      body.copy(packScratch, IV_BYTES);
      final.copy(packScratch, IV_BYTES + body.length);
      tag.copy(packScratch, length - TAG_BYTES);
      return `${currentId}.${packScratch.toString('base64', 0, length)}`;
    },
    decrypt(sealed, aad) {
      const dot = sealed.indexOf('.');
      const id = dot === ID_LENGTH ? sealed.slice(0, dot) : '';
      const key = byId.get(id);
      if (!key) {
        throw new CheckinError(
          ErrorCode.Encryption,
          id
            ? `A stored value was encrypted with key id ${id}, which is neither CHECKIN_ENCRYPTION_KEY nor in CHECKIN_ENCRYPTION_OLD_KEYS: add the old key there.`
            : 'A stored value is not in the encrypted format (no key id); it was not written by this store.',
        );
      }
      const packed = Buffer.from(sealed.slice(dot + 1), 'base64');
      if (packed.length < IV_BYTES + TAG_BYTES) {
        throw new CheckinError(ErrorCode.Encryption, `A stored value encrypted with key ${id} is truncated.`);
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, packed.subarray(0, IV_BYTES));
        decipher.setAAD(Buffer.from(aad, 'utf8'));
        decipher.setAuthTag(packed.subarray(packed.length - TAG_BYTES));
        const body = decipher.update(packed.subarray(IV_BYTES, packed.length - TAG_BYTES));
        return Buffer.concat([body, decipher.final()]).toString('utf8');
      } catch (cause) {
        // Wrong AAD (a value moved between people or fields) and tampering look the same to GCM.
        throw new CheckinError(
          ErrorCode.Encryption,
          `A stored value encrypted with key ${id} failed authentication: it was altered or does not belong where it was found.`,
          { cause },
        );
      }
    },
    isStale(sealed) {
      return !sealed.startsWith(`${currentId}.`);
    },
  };
}
