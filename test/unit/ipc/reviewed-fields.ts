// The reviewed allow-list of request fields that could carry a path, a module or a URL by their name or
// by what their schema accepts (test/unit/ipc/contract-capabilities.test.ts). Every entry says why it is
// safe; docs/ipc-security.md has the rules. A new field that looks like a path, a module or an endpoint
// fails the test until it is reviewed here, and an entry that matches nothing fails too.
export type ReviewedKind =
  /** base64 bytes: parsed as DER/JSON/CMS in memory, never used as a name */
  | 'bytes'
  /** a PIN or password, used for one call and never logged or stored */
  | 'secret'
  /** display text or metadata kept as text (names, titles, tags, notes); never resolved as a path or URL */
  | 'text'
  /** a key into the main process's own tables (directory, projects, history); never joined into a path */
  | 'id'
  /** a URL the main process checks and keeps as a user setting (see `why`) */
  | 'checked-url'
  /** a pkcs11: URI: its module-path is honoured only when it names an allowed driver */
  | 'pkcs11-uri';

export interface Reviewed {
  match: RegExp;
  kind: ReviewedKind;
  why: string;
}

const CARRIER = '(carrier|signer|selfCheck|identity|identity\\[\\])';

export const REVIEWED: Reviewed[] = [
  { match: new RegExp(`:${CARRIER}\\.(data|certificate)$`), kind: 'bytes', why: 'key file / certificate bytes' },
  { match: /:(data|intermediates\[\]|recipientCerts\[\]|bidderCert|recipientInfo|signature)$/, kind: 'bytes', why: 'certificates, bundles, chunks, receipts as base64' },
  { match: new RegExp(`:${CARRIER}\\.(pin|password|secret)$`), kind: 'secret', why: 'PIN or key-file password (an identity carrier brings only this)' },
  { match: /^keys\.inspect:password$/, kind: 'secret', why: 'key-file password' },
  { match: new RegExp(`:${CARRIER}\\.fileName$`), kind: 'text', why: 'the key file name shown in messages' },
  { match: new RegExp(`:${CARRIER}\\.uri$`), kind: 'pkcs11-uri', why: 'electron/services/keys/key-ops.ts carrierOf: module-path only if pkcs11Modules(dataDir).allows it' },
  { match: new RegExp(`:${CARRIER}\\.moduleId$`), kind: 'id', why: 'resolved by NativeModuleRegistry.resolve; unknown ids are E_MODULE_NOT_ALLOWED' },
  { match: /^tokens\.(slots|forgetModule):moduleId$/, kind: 'id', why: 'resolved by NativeModuleRegistry.resolve / forget' },
  { match: /^trust\.import:fileName$/, kind: 'text', why: 'shown next to the trust anchor' },
  { match: /^keys\.(identities|choose):(bidder|project)$/, kind: 'id', why: 'keys into the key manager\'s choices (keys/key-manager.ts), stored as JSON values, never joined into a path' },
  { match: /^keys\.remember:label$/, kind: 'text', why: 'the identity\'s display name' },
  { match: /^keys\.remember:carrier\.(uri)$/, kind: 'pkcs11-uri', why: 'an skf: URI: its module= must be on the SKF native-module allow-list; a pkcs11: URI is looked up in tokens.slots of the module id' },
  { match: /^keys\.remember:carrier\.moduleId$/, kind: 'id', why: 'resolved by NativeModuleRegistry.resolve; unknown ids are E_MODULE_NOT_ALLOWED' },
  { match: /^keys\.remember:carrier\.fileName$/, kind: 'text', why: 'the key file name shown in messages' },
  { match: /^keys\.remember:carrier\.password$/, kind: 'secret', why: 'the key-file password, used once to check the file' },
  { match: /^pdf\.(sealPlaces:phrases\[\]|sign(Batch)?:placements\[\]\.atText\.phrases\[\])$/, kind: 'text', why: 'phrases searched for in the PDF\'s text' },
  { match: /^files\.importBegin:(name|mediaType)$/, kind: 'text', why: 'file-store.ts safeName() strips folders; the stored file is named by its id' },
  { match: /^files\.rename:name$/, kind: 'text', why: 'file-store.ts rename(): safeName() strips folders; the file stays in its id folder' },
  { match: /^files\.list:mediaType$/, kind: 'text', why: 'a filter value' },
  { match: /:tags\.(bidder|project|kind)$/, kind: 'text', why: 'tags kept in the store index' },
  { match: /^seals\.check:certificate$/, kind: 'bytes', why: 'the signing certificate (DER as base64), parsed in memory' },
  { match: /^bid\.inspect:certificates\[\]$/, kind: 'bytes', why: 'the bidder\'s own certificates (DER as base64), parsed in memory to name a recipient' },
  { match: /^seals\.(list|pick|adopt):bidder$/, kind: 'text', why: 'the bidder tag of the seal in the store index (electron/services/documents/seal-library.ts), never joined into a path' },
  { match: /^pdf\.sign(Batch)?:(reason|location)$/, kind: 'text', why: 'the signature dictionary\'s /Reason and /Location text' },
  { match: /^bid\.(preflight|seal|history):(platformId|filter\.platformId|filter\.projectId|filter\.bidderUscc|bidderUscc)$/, kind: 'id', why: 'looked up in the platform directory / history' },
  { match: /^bid\.(preflight|seal):openingTime$/, kind: 'text', why: 'parsed as a date' },
  { match: /^bid\.seal:(names\[\]|name|meta\.(tenderId|lot|title|bidderName|bidderUscc))$/, kind: 'text', why: 'names inside the package (shared/bid/package.ts checks entry names) and manifest text' },
  { match: /^docs\.generate:name$/, kind: 'text', why: 'safeName() like every stored document' },
  { match: /^platforms\.get:id$|^stats\.monthly:platformId$/, kind: 'id', why: 'looked up in the directory' },
  { match: /^platforms\.addCustom:(name\.zh|name\.en|region|notes)$/, kind: 'text', why: 'platform display text' },
  { match: /^platforms\.addCustom:(encryptionCertificates\[\]|receiptCertificate)$/, kind: 'bytes', why: 'PEM or base64 certificates, parsed in memory' },
  { match: /^receipt\.verify:certificatePem$/, kind: 'bytes', why: 'a PEM certificate, parsed in memory' },
  {
    match: /^platforms\.addCustom:endpoint$/,
    kind: 'checked-url',
    why: 'a platform the user adds in settings: https, or http to this computer only (shared/platforms/endpoint.ts), checked again before each enqueue',
  },
  { match: /^platforms\.addCustom:website$/, kind: 'checked-url', why: 'shown only; external links open only for portals of the signed directory (electron/services/platforms/external-links.ts)' },
  { match: /^projects\.(list|create|update):(bidderId|bidder\.(id|name|uscc)|title|tenderNo|tenderer|platformId|lots\[\]\.name|checklist\[\]\.title|createdAt|updatedAt)$/, kind: 'text', why: 'project record fields stored as JSON; files are named by document id' },
  { match: /^diagnostics\.create:(settings\{\}|description)$/, kind: 'text', why: 'text copied into the diagnostic bundle' },
];
