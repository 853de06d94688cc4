import type { Adapter, AdapterPayload } from 'oidc-provider';

/**
 * A per-issuer, timer-free storage for oidc-provider models (internal to the package).
 *
 * JWT access tokens from client_credentials are never stored, so this mostly stays empty. It
 * exists so oidc-provider does not fall back to its process-wide dev adapter (shared by every
 * issuer of the process, and announced with a warning). Expired entries are dropped when read.
 *
 * @example
 * ```ts
 * const stores = new Map();
 * new Provider(issuer, { adapter: (name) => new MemoryAdapter(name, stores) });
 * ```
 */
export class MemoryAdapter implements Adapter {
  readonly #name: string;
  readonly #store: Map<string, { payload: AdapterPayload; expiresAt: number }>;

  constructor(
    name: string,
    stores: Map<string, Map<string, { payload: AdapterPayload; expiresAt: number }>>,
  ) {
    this.#name = name;
    let store = stores.get(name);
    if (store === undefined) {
      store = new Map();
      stores.set(name, store);
    }
    this.#store = store;
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const expiresAt = expiresIn === undefined ? Number.POSITIVE_INFINITY : Date.now() + expiresIn * 1000;
    this.#store.set(id, { payload, expiresAt });
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    const entry = this.#store.get(id);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.#store.delete(id);
      return undefined;
    }
    return entry.payload;
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.#findBy((payload) => payload.userCode === userCode);
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.#findBy((payload) => payload.uid === uid);
  }

  async consume(id: string): Promise<void> {
    const entry = this.#store.get(id);
    if (entry !== undefined) entry.payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id: string): Promise<void> {
    this.#store.delete(id);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    for (const [id, entry] of this.#store) {
      if (entry.payload.grantId === grantId) this.#store.delete(id);
    }
  }

  async #findBy(match: (payload: AdapterPayload) => boolean): Promise<AdapterPayload | undefined> {
    for (const [id] of this.#store) {
      const payload = await this.find(id);
      if (payload !== undefined && match(payload)) return payload;
    }
    return undefined;
  }

  toString(): string {
    return `MemoryAdapter(${this.#name})`;
  }
}
