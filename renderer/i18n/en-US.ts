// Pure data: every renderer UI string in en-US. Typed against zh-CN, so a missing or extra key is a
// compile error. Error messages come from shared/errors.
import { ERROR_MESSAGES, type ErrorCode } from '../../shared/errors';
import projects from './features/projects';
import documents from './features/documents';
import seal from './features/seal';
import upload from './features/upload';
import vault from './features/vault';
import platforms from './features/platforms';
import files from './features/files';
import certificates from './features/certificates';
import signature from './features/signature';
import type { Messages } from './zh-CN';

const errors = Object.fromEntries(Object.entries(ERROR_MESSAGES).map(([code, m]) => [code, m.en])) as Record<ErrorCode, string>;

const enUS: Messages = {
  app: {
    name: 'BidSeal',
    wordmark: '投标密封',
    fullName: 'BidSeal 投标密封',
    tagline: 'Sign, seal and submit electronic bids',
    skipToContent: 'Skip to main content',
    footer: 'Bid documents are prepared and encrypted on this computer and leave it only when you submit them to a platform',
  },
  nav: {
    ariaLabel: 'Main navigation',
    groupWork: 'Bidding',
    groupResources: 'Data & certificates',
    groupSystem: 'System',
    projects: 'Bid projects',
    documents: 'Documents & signing',
    seal: 'Seal & encrypt',
    upload: 'Upload',
    vault: 'Vault',
    certificates: 'Certificates',
    platforms: 'Platforms',
    settings: 'Settings',
    collapse: 'Collapse navigation',
    expand: 'Expand navigation',
  },
  header: {
    bidderLabel: 'Current bidder',
    bidderNone: 'No bidder selected',
    bidderHint: 'Add your company in the Vault to select it as the bidder',
    language: 'Language',
    langZh: '中文',
    langEn: 'English',
    hostElectron: 'Desktop (Electron)',
    hostNode: 'Local browser mode (Node host)',
    hostLoading: 'Connecting…',
    hostUnavailable: 'Local service unreachable',
    hostTooltip: 'Running as {{host}}, version {{version}}',
  },
  common: {
    comingSoon: 'Coming soon',
    comingSoonHint: 'Coming in a later release',
    refresh: 'Refresh',
    retry: 'Retry',
    loading: 'Loading…',
    yes: 'Yes',
    no: 'No',
    found: 'Found',
    missing: 'Not found',
    none: 'None',
    notAvailable: '—',
    errorCode: 'Error code: {{code}}',
    firstSteps: 'Before you start',
    goTo: 'Go to {{section}}',
    planned: 'Planned',
  },
  projects: projects.en,
  documents: documents.en,
  seal: seal.en,
  upload: upload.en,
  vault: vault.en,
  signature: signature.en,
  certificates: certificates.en,
  platforms: platforms.en,
  files: files.en,
  settings: {
    title: 'Settings',
    subtitle: 'Language, environment diagnostics and version information.',
    languageTitle: 'Language',
    languageDescription: 'Your choice is saved on this computer and used the next time you open BidSeal.',
    languageZhOption: '简体中文（zh-CN）',
    languageEnOption: 'English (en-US)',
    diagnosticsTitle: 'Diagnostics',
    diagnosticsDescription: 'Checks this computer: Node.js, Electron, USB key drivers and helper tools.',
    diagnosticsError: 'Diagnostics failed',
    node: 'Node.js version',
    platform: 'Operating system',
    electron: 'Electron',
    electronPresent: 'Installed ({{version}})',
    electronPackageOnly: 'npm package {{version}} installed, but the binary is missing',
    electronMissing: 'Not installed (local browser mode only)',
    pkcs11: 'PKCS#11 modules',
    pkcs11None: 'None found',
    toolsTitle: 'Helper tools',
    toolName: 'Tool',
    toolStatus: 'Status',
    toolVersion: 'Version / how to install',
    aboutTitle: 'About',
    aboutName: 'Product',
    aboutVersion: 'Version',
    aboutHost: 'Running as',
    aboutPlatform: 'Platform',
    aboutNode: 'Node.js',
    aboutElectron: 'Electron',
    aboutChrome: 'Chromium',
    aboutError: 'Could not read version information',
  },
  notFound: {
    title: 'Page not found',
    subtitle: 'The page you asked for does not exist or has moved.',
    back: 'Back to Bid projects',
  },
  errorBoundary: {
    title: 'Something went wrong',
    subtitle: 'The screen hit an unexpected error. Your bids and data are not affected; reload and try again.',
    reload: 'Reload',
    details: 'Technical details',
  },
  errors,
};

export default enUS;
