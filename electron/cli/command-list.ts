// Runs in Node. The `bidseal` commands by name and summary, in the order `bidseal --help` lists them; each
// command's module is imported only when that command runs (framework.ts, lazyCommand).
import { lazyCommand as command, type Command } from './framework';

export const COMMANDS: Command[] = [
  command('sign', 'Sign a file: detached CMS signature (.p7s) with a USB key or a key file', () => import('./commands/sign').then((m) => m.signCommand)),
  command('verify', 'Verify a detached CMS signature (.p7s) over a file (exit 0 intact, 1 not)', () => import('./commands/sign').then((m) => m.verifyCommand)),
  command('pdf', 'PDF signatures and seals: sign, sign-batch, verify, extend (PAdES B-LT/B-LTA), check-seals', () => import('./commands/pdf').then((m) => m.pdfCommand)),
  command('eseal', 'Electronic seals (GB/T 38540 / GM/T 0031): make (testing), show, verify', () => import('./commands/eseal').then((m) => m.esealCommand)),
  command('ofd', 'OFD documents (GB/T 33190): seal with an electronic seal, verify, inspect', () => import('./commands/ofd').then((m) => m.ofdCommand)),
  command('project', 'Bid projects: the checklist proposed by a tender document', () => import('./commands/project').then((m) => m.projectCommand)),
  command('seal', 'Seal a bid: sign the package, encrypt it to the platform\'s recipients (sign-then-encrypt)', () => import('./commands/seal').then((m) => m.sealCommand)),
  command('open', 'Open a sealed bid into a folder; documents appear only when everything verified', () => import('./commands/open').then((m) => m.openCommand)),
  command('inspect', 'Show a sealed bid\'s content type, algorithms, recipients and size, or what any CMS message, certificate or key file is (no key needed)', () => import('./commands/inspect').then((m) => m.inspectCommand)),
  command('cms', 'CMS / GM/T 0010 messages for any content: sign, verify, encrypt, decrypt, sign-encrypt, decrypt-verify, inspect', () => import('./commands/cms').then((m) => m.cmsCommand)),
  command('bid', 'Sealed bids (older spelling of seal/open/inspect; verify checks a backup copy)', () => import('./commands/bid').then((m) => m.bidCommand)),
  command('upload', 'Upload a sealed bid to a platform (resumable) and verify its receipt', () => import('./commands/upload').then((m) => m.uploadCommand)),
  command('portal', "Hand a sealed bid in through a platform's web portal (prepare the file, open the portal, attach its receipt)", () => import('./commands/portal').then((m) => m.portalCommand)),
  command('receipt', 'Upload receipts', () => import('./commands/receipt').then((m) => m.receiptCommand)),
  command('platforms', 'The participating trading platforms: signed directory, rules, your own platforms', () => import('./commands/platforms').then((m) => m.platformsCommand)),
  command('stats', 'Shared-certificate usage per platform and month (bids sealed and uploaded); CSV/XLSX for the platforms\' reports', () => import('./commands/platforms').then((m) => m.statsCommand)),
  command('hash', 'Hash files with SM3 (default) or SHA-256', () => import('./commands/hash').then((m) => m.hashCommand)),
  command('sm2', 'SM2 keys, signatures and encryption (GB/T 32918, GM/T 0009 encodings)', () => import('./commands/sm2').then((m) => m.sm2Command)),
  command('sm4', 'SM4 encryption and decryption of files (GB/T 32907; CBC, CTR, GCM)', () => import('./commands/sm4').then((m) => m.sm4Command)),
  command('cert', 'Inspect and validate certificates (SM2, RSA, EC)', () => import('./commands/cert').then((m) => m.certCommand)),
  command('key', 'Key files from CAs: show what they are', () => import('./commands/key').then((m) => m.keyCommand)),
  command('trust', 'Manage the trust store of CA certificates', () => import('./commands/cert').then((m) => m.trustCommand)),
  command('token', 'USB keys: PKCS#11 tokens and SKF keys', () => import('./commands/token').then((m) => m.tokenCommand)),
  command('doctor', 'Check this machine: Node, Electron binary, PKCS#11 modules, system tools', () => import('./commands/doctor').then((m) => m.doctorCommand)),
];
