// Short-lived grant state: authorization codes, device codes and refresh tokens, each bound to the
// client, user, tenant and scopes it was issued for.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { opaqueToken } from './encoding';
import type { PendingDeviceCode } from './types';
import { rememberSecret } from './issuedSecrets';

export interface AuthCodeRecord {
  readonly clientId: string;
  readonly userObjectId: string;
  readonly tenantId: string;
  readonly scopes: readonly string[];
  readonly redirectUri: string;
  readonly codeChallenge: string | undefined;
  readonly codeChallengeMethod: string | undefined;
  readonly nonce: string | undefined;
  readonly claims: string | undefined;
  readonly expiresAt: number;
  redeemed: boolean;
}

export interface DeviceCodeRecord {
  readonly deviceCode: string;
  readonly userCode: string;
  readonly clientId: string;
  readonly tenantSegment: string;
  readonly scopes: readonly string[];
  readonly claims: string | undefined;
  readonly expiresAt: number;
  state: 'pending' | 'approved' | 'declined' | 'expired' | 'redeemed';
  userObjectId: string | undefined;
  tenantId: string | undefined;
}

export interface RefreshTokenRecord {
  readonly clientId: string;
  readonly familyId: string | undefined;
  readonly userObjectId: string;
  /** The tenant whose token the refresh token was issued with. */
  readonly tenantId: string;
  readonly expiresAt: number;
}

const AUTH_CODE_LIFETIME_MS = 10 * 60 * 1000;
/** Entra's refresh tokens live 90 days; ours too, bounded in number below. */
const REFRESH_TOKEN_LIFETIME_MS = 90 * 24 * 3600 * 1000;
const MAX_RECORDS = 50_000;

/** Keeps a Map from growing without bound in a long-running emulator: drops the oldest entries. */
function bound<K, V>(map: Map<K, V>): void {
  if (map.size > MAX_RECORDS) {
    const excess = map.size - MAX_RECORDS;
    let index = 0;
    for (const key of map.keys()) {
      if (index++ >= excess) {
        break;
      }
      map.delete(key);
    }
  }
}

/** Entra-style user codes: nine characters from an alphabet without look-alikes. */
function newUserCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.randomBytes(9);
  return [...bytes].map((byte) => alphabet[byte % alphabet.length]).join('');
}

/** How many refresh tokens a state file keeps (the newest): enough for a person's demo, small to rewrite. */
const MAX_PERSISTED_REFRESH_TOKENS = 2_000;

export class FlowState {
  private readonly authCodes = new Map<string, AuthCodeRecord>();
  private readonly deviceCodes = new Map<string, DeviceCodeRecord>();
  private readonly refreshTokens = new Map<string, RefreshTokenRecord>();

  /**
   * `refreshTokenFile`: keep the refresh tokens in this file, so clients signed in before a restart keep
   * working (`npm start` does; tests do not). A missing or unreadable file starts empty.
   */
  constructor(private readonly refreshTokenFile?: string) {
    if (!refreshTokenFile) {
      return;
    }
    try {
      const saved: unknown = JSON.parse(fs.readFileSync(refreshTokenFile, 'utf8'));
      for (const [token, record] of Array.isArray(saved) ? saved as [string, RefreshTokenRecord][] : []) {
        if (typeof token === 'string' && record && record.expiresAt > Date.now()) {
          this.refreshTokens.set(token, record);
        }
      }
    } catch {
      // First start, or a damaged file: no refresh tokens survive, clients sign in again.
    }
  }

  clear(): void {
    this.authCodes.clear();
    this.deviceCodes.clear();
    this.refreshTokens.clear();
    this.saveRefreshTokens();
  }

  private saveRefreshTokens(): void {
    if (!this.refreshTokenFile) {
      return;
    }
    const entries = [...this.refreshTokens].slice(-MAX_PERSISTED_REFRESH_TOKENS);
    const temp = `${this.refreshTokenFile}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(entries), { mode: 0o600 });
    fs.renameSync(temp, this.refreshTokenFile);
  }

  issueAuthCode(record: Omit<AuthCodeRecord, 'expiresAt' | 'redeemed'>): string {
    const code = opaqueToken('1.emu-code.', 48);
    this.authCodes.set(code, { ...record, expiresAt: Date.now() + AUTH_CODE_LIFETIME_MS, redeemed: false });
    bound(this.authCodes);
    return code;
  }

  authCode(code: string): AuthCodeRecord | undefined {
    return this.authCodes.get(code);
  }

  issueDeviceCode(record: Omit<DeviceCodeRecord, 'deviceCode' | 'userCode' | 'state' | 'userObjectId' | 'tenantId'>): DeviceCodeRecord {
    let userCode = newUserCode();
    while (this.deviceCodeByUserCode(userCode)) {
      userCode = newUserCode();
    }
    const created: DeviceCodeRecord = {
      ...record, deviceCode: opaqueToken('emu-device-code.', 48), userCode, state: 'pending', userObjectId: undefined, tenantId: undefined,
    };
    this.deviceCodes.set(created.deviceCode, created);
    bound(this.deviceCodes);
    return created;
  }

  deviceCode(deviceCode: string): DeviceCodeRecord | undefined {
    const record = this.deviceCodes.get(deviceCode);
    if (record && record.state === 'pending' && Date.now() > record.expiresAt) {
      record.state = 'expired';
    }
    return record;
  }

  deviceCodeByUserCode(userCode: string): DeviceCodeRecord | undefined {
    const wanted = userCode.replace(/[\s-]/g, '').toUpperCase();
    for (const record of this.deviceCodes.values()) {
      if (record.userCode === wanted) {
        return this.deviceCode(record.deviceCode);
      }
    }
    return undefined;
  }

  listDeviceCodes(): PendingDeviceCode[] {
    return [...this.deviceCodes.values()].map((record) => {
      const current = this.deviceCode(record.deviceCode) ?? record;
      return {
        userCode: current.userCode, clientId: current.clientId, tenant: current.tenantSegment, scopes: current.scopes,
        state: current.state, expiresAt: new Date(current.expiresAt).toISOString(),
      };
    });
  }

  issueRefreshToken(record: Omit<RefreshTokenRecord, 'expiresAt'>): string {
    const token = opaqueToken('1.emu-rt.', 64);
    rememberSecret(token);
    this.refreshTokens.set(token, { ...record, expiresAt: Date.now() + REFRESH_TOKEN_LIFETIME_MS });
    bound(this.refreshTokens);
    this.saveRefreshTokens();
    return token;
  }

  refreshToken(token: string): RefreshTokenRecord | undefined {
    return this.refreshTokens.get(token);
  }
}
