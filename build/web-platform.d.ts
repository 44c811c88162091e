// The web-platform globals that shared/ may use: exactly those that Node 20, Electron's renderer and
// browsers all provide (text coding, base64, URL parsing, random bytes and WebCrypto, abort signals,
// streams and (de)compression, a monotonic clock). tsconfig.shared.json compiles shared/ against these and ES2023 alone, with neither
// DOM nor Node types, so a `window`, `document`, `Buffer` or `process` in shared/ fails to compile.
export {};

declare global {
  interface TextEncoder {
    encode(input?: string): Uint8Array<ArrayBuffer>;
  }
  var TextEncoder: { prototype: TextEncoder; new (): TextEncoder };
  interface TextDecoder {
    decode(input?: AllowSharedBufferSource, options?: { stream?: boolean }): string;
    readonly encoding: string;
  }
  var TextDecoder: { prototype: TextDecoder; new (label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean }): TextDecoder };
  type AllowSharedBufferSource = ArrayBufferLike | ArrayBufferView;
  type BufferSource = ArrayBufferView<ArrayBuffer> | ArrayBuffer;

  function atob(data: string): string;

  // a monotonic clock in milliseconds with sub-millisecond resolution (sm4-wasm.ts times its two code copies)
  var performance: { now(): number };

  // WHATWG URL parsing (platform endpoints are checked, never fetched, in shared/).
  interface URL {
    hash: string;
    host: string;
    hostname: string;
    href: string;
    readonly origin: string;
    password: string;
    pathname: string;
    port: string;
    protocol: string;
    search: string;
    username: string;
    toString(): string;
  }
  var URL: { prototype: URL; new (url: string, base?: string | URL): URL; canParse(url: string, base?: string): boolean };
  function btoa(data: string): string;

  interface AbortSignal {
    readonly aborted: boolean;
    readonly reason: unknown;
    throwIfAborted(): void;
    addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
    removeEventListener(type: 'abort', listener: () => void): void;
  }

  // WebCrypto, as far as shared/ uses it (random bytes, RSA and AES where the platform has them).
  type KeyUsage = 'decrypt' | 'deriveBits' | 'deriveKey' | 'encrypt' | 'sign' | 'unwrapKey' | 'verify' | 'wrapKey';
  type KeyFormat = 'jwk' | 'pkcs8' | 'raw' | 'spki';
  interface Algorithm {
    name: string;
  }
  type AlgorithmIdentifier = Algorithm | string;
  interface CryptoKey {
    readonly algorithm: Algorithm;
    readonly extractable: boolean;
    readonly type: 'private' | 'public' | 'secret';
    readonly usages: KeyUsage[];
  }
  interface JsonWebKey {
    kty?: string;
    alg?: string;
    ext?: boolean;
    key_ops?: string[];
    n?: string;
    e?: string;
    d?: string;
    p?: string;
    q?: string;
    dp?: string;
    dq?: string;
    qi?: string;
    crv?: string;
    x?: string;
    y?: string;
    k?: string;
  }
  interface SubtleCrypto {
    importKey(format: 'jwk', keyData: JsonWebKey, algorithm: AlgorithmIdentifier | Record<string, unknown>, extractable: boolean, keyUsages: KeyUsage[]): Promise<CryptoKey>;
    importKey(format: Exclude<KeyFormat, 'jwk'>, keyData: BufferSource, algorithm: AlgorithmIdentifier | Record<string, unknown>, extractable: boolean, keyUsages: KeyUsage[]): Promise<CryptoKey>;
    exportKey(format: 'jwk', key: CryptoKey): Promise<JsonWebKey>;
    exportKey(format: Exclude<KeyFormat, 'jwk'>, key: CryptoKey): Promise<ArrayBuffer>;
    sign(algorithm: AlgorithmIdentifier | Record<string, unknown>, key: CryptoKey, data: BufferSource): Promise<ArrayBuffer>;
    verify(algorithm: AlgorithmIdentifier | Record<string, unknown>, key: CryptoKey, signature: BufferSource, data: BufferSource): Promise<boolean>;
    encrypt(algorithm: AlgorithmIdentifier | Record<string, unknown>, key: CryptoKey, data: BufferSource): Promise<ArrayBuffer>;
    decrypt(algorithm: AlgorithmIdentifier | Record<string, unknown>, key: CryptoKey, data: BufferSource): Promise<ArrayBuffer>;
    digest(algorithm: AlgorithmIdentifier, data: BufferSource): Promise<ArrayBuffer>;
    deriveBits(algorithm: AlgorithmIdentifier | Record<string, unknown>, baseKey: CryptoKey, length: number): Promise<ArrayBuffer>;
  }
  interface Crypto {
    readonly subtle: SubtleCrypto;
    getRandomValues<T extends ArrayBufferView | null>(array: T): T;
    randomUUID(): string;
  }
  var crypto: Crypto;

  // Streams and (de)compression (WHATWG Streams, Compression Streams).
  interface ReadableStreamReadResult<T> {
    done: boolean;
    value: T;
  }
  interface ReadableStreamDefaultReader<R> {
    read(): Promise<ReadableStreamReadResult<R>>;
    releaseLock(): void;
    cancel(reason?: unknown): Promise<void>;
  }
  interface ReadableStream<R = unknown> {
    getReader(): ReadableStreamDefaultReader<R>;
    cancel(reason?: unknown): Promise<void>;
  }
  interface WritableStreamDefaultWriter<W> {
    write(chunk: W): Promise<void>;
    close(): Promise<void>;
    abort(reason?: unknown): Promise<void>;
  }
  interface WritableStream<W = unknown> {
    getWriter(): WritableStreamDefaultWriter<W>;
  }
  interface TransformStream<I = unknown, O = unknown> {
    readonly readable: ReadableStream<O>;
    readonly writable: WritableStream<I>;
  }
  type CompressionFormat = 'deflate' | 'deflate-raw' | 'gzip';
  var CompressionStream: { prototype: TransformStream<BufferSource, Uint8Array>; new (format: CompressionFormat): TransformStream<BufferSource, Uint8Array> };
  var DecompressionStream: { prototype: TransformStream<BufferSource, Uint8Array>; new (format: CompressionFormat): TransformStream<BufferSource, Uint8Array> };
}
