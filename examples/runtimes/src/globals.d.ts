declare module 'logto-guard-signature' {
  /** The signature path logto-guard chose on this runtime. */
  export const signaturePath: 'node' | 'webcrypto';
}
