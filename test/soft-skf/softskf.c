/* Software SKF device for tests: the GM/T 0016 functions of skf.h over files in the directory named by
 * SOFTSKF_DIR. Its crypto is the system OpenSSL libcrypto (independent of BidSeal's own SM2/SM3/SM4).
 * Layout of the directory (written by scripts/soft-skf.mjs init):
 *   device.name, serial, app.name          one device with one application
 *   pin.user, pin.admin                    "<SM3 hex of the PIN>"
 *   retry.user, retry.admin                "<remaining> <max>" (persisted: a lock survives restarts)
 *   pin.user.default                       present = the PIN was never changed
 *   containers/NAME/{sign,enc}.{key.pem,cert.der}
 *   removed                                present = the key is unplugged (SAR_DEVICE_REMOVED)
 *   fault                                  "crash FUNC" or "hang FUNC" (also env SOFTSKF_FAULT)
 *   slow                                   milliseconds every call waits (also env SOFTSKF_SLOW_MS)
 * Env SOFTSKF_NO_PRVKEYDECRYPT=1 makes SKF_ECCPrvKeyDecrypt answer SAR_NOTSUPPORTYETERR. Test tool only: PINs and keys are files on disk. */
#define _POSIX_C_SOURCE 200809L
#include "skf.h"
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#define MAGIC_DEV 0x534b4644u
#define MAGIC_APP 0x534b4641u
#define MAGIC_CON 0x534b4643u
#define MAGIC_KEY 0x534b464bu

typedef struct { UINT32 magic; int dead; char name[64]; } Dev;
typedef struct { UINT32 magic; Dev *dev; int user_in; int admin_in; char name[64]; } App;
typedef struct { UINT32 magic; App *app; char name[128]; } Con;
typedef struct { UINT32 magic; App *app; ULONG alg; BYTE key[16]; EVP_CIPHER_CTX *ctx; } Key;

static volatile int cancel_wait = 0;

/* ---- files ---------------------------------------------------------------------------------- */
static const char *dir(void) { const char *d = getenv("SOFTSKF_DIR"); return d && *d ? d : NULL; }

static int path_of(char *out, size_t n, const char *a, const char *b, const char *c) {
  const char *d = dir();
  if (!d) return 0;
  int k = c ? snprintf(out, n, "%s/%s/%s/%s", d, a, b, c) : b ? snprintf(out, n, "%s/%s/%s", d, a, b) : snprintf(out, n, "%s/%s", d, a);
  return k > 0 && (size_t)k < n;
}

static long read_file(const char *p, BYTE *buf, size_t cap) {
  FILE *f = fopen(p, "rb");
  if (!f) return -1;
  size_t n = fread(buf, 1, cap, f);
  int more = fgetc(f) != EOF;
  fclose(f);
  return more ? -2 : (long)n;
}

static int read_text(const char *name, char *out, size_t cap, const char *dflt) {
  char p[1024];
  long n = path_of(p, sizeof p, name, NULL, NULL) ? read_file(p, (BYTE *)out, cap - 1) : -1;
  if (n < 0) { snprintf(out, cap, "%s", dflt); return 0; }
  out[n] = 0;
  while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == '\r' || out[n - 1] == ' ')) out[--n] = 0;
  return 1;
}

static int write_text(const char *name, const char *text) {
  char p[1024], t[1100];
  if (!path_of(p, sizeof p, name, NULL, NULL)) return 0;
  snprintf(t, sizeof t, "%s.tmp%d", p, (int)getpid());
  FILE *f = fopen(t, "wb");
  if (!f) return 0;
  int ok = fputs(text, f) >= 0;
  ok = (fflush(f) == 0) && ok;
  fsync(fileno(f));
  fclose(f);
  return ok && rename(t, p) == 0;
}

static int exists(const char *name) {
  char p[1024];
  struct stat st;
  return path_of(p, sizeof p, name, NULL, NULL) && stat(p, &st) == 0;
}

/* ---- test switches ---------------------------------------------------------------------------- */
static void sleep_ms(long ms) {
  struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
  while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {}
}

static void enter(const char *fn) {
  char slow[32] = "";
  const char *se = getenv("SOFTSKF_SLOW_MS");
  if (se && *se) snprintf(slow, sizeof slow, "%s", se);
  else read_text("slow", slow, sizeof slow, "");
  if (atol(slow) > 0) sleep_ms(atol(slow));
  char f[256] = "";
  const char *env = getenv("SOFTSKF_FAULT");
  if (env && *env) snprintf(f, sizeof f, "%s", env);
  else read_text("fault", f, sizeof f, "");
  char kind[16], name[128];
  if (sscanf(f, "%15s %127s", kind, name) == 2 && strcmp(name, fn) == 0) {
    if (strcmp(kind, "crash") == 0) { volatile int *p = NULL; *p = 1; raise(SIGSEGV); }
    if (strcmp(kind, "hang") == 0) for (;;) sleep_ms(1000);
  }
}
#define ENTER() enter(__func__)

static int present(void) { return dir() != NULL && !exists("removed"); }

static void dev_name(char *out, size_t n) { read_text("device.name", out, n, "SoftSKF"); }
static void app_name(char *out, size_t n) { read_text("app.name", out, n, "BIDSEAL"); }

/* ---- handles -------------------------------------------------------------------------------- */
/* every handle struct starts with its UINT32 magic */
static int is_handle(const void *h, UINT32 magic) { return h && *(const UINT32 *)h == magic; }
static void *new_handle(size_t size, UINT32 magic) {
  UINT32 *h = calloc(1, size);
  if (h) *h = magic;
  return h;
}
static ULONG close_handle(void *h, UINT32 magic) {
  if (!is_handle(h, magic)) return SAR_INVALIDHANDLEERR;
  *(UINT32 *)h = 0;
  free(h);
  return SAR_OK;
}
static ULONG check_dev(Dev *d) {
  if (!is_handle(d, MAGIC_DEV)) return SAR_INVALIDHANDLEERR;
  if (d->dead || !present()) { d->dead = 1; return SAR_DEVICE_REMOVED; }
  return SAR_OK;
}
static ULONG check_app(App *a) {
  if (!is_handle(a, MAGIC_APP)) return SAR_INVALIDHANDLEERR;
  return check_dev(a->dev);
}
static ULONG check_con(Con *c) {
  if (!is_handle(c, MAGIC_CON)) return SAR_INVALIDHANDLEERR;
  return check_app(c->app);
}
/* a container operation that needs the user PIN verified */
static ULONG check_con_user(Con *c) {
  ULONG rv = check_con(c);
  return rv ? rv : c->app->user_in ? SAR_OK : SAR_USER_NOT_LOGGED_IN;
}
static ULONG check_key(Key *k) {
  if (!is_handle(k, MAGIC_KEY)) return SAR_INVALIDHANDLEERR;
  return check_app(k->app);
}

/* ---- output buffers ------------------------------------------------------------------------- */
/* the SKF convention: no buffer asks for the length, a short one gets SAR_BUFFER_TOO_SMALL and the length */
static ULONG put_out(const void *src, size_t len, void *out, ULONG *size) {
  if (!size) return SAR_INVALIDPARAMERR;
  if (!out) { *size = (ULONG)len; return SAR_OK; }
  if (*size < len) { *size = (ULONG)len; return SAR_BUFFER_TOO_SMALL; }
  memcpy(out, src, len);
  *size = (ULONG)len;
  return SAR_OK;
}

/* ---- PIN ------------------------------------------------------------------------------------ */
static void sm3_hex(const char *pin, char out[65]) {
  unsigned char md[32];
  unsigned int n = 0;
  EVP_Digest(pin, strlen(pin), md, &n, EVP_sm3(), NULL);
  for (int i = 0; i < 32; i++) sprintf(out + 2 * i, "%02x", md[i]);
}
static const char *pin_file(ULONG t) { return t == ADMIN_TYPE ? "pin.admin" : "pin.user"; }
static const char *retry_file(ULONG t) { return t == ADMIN_TYPE ? "retry.admin" : "retry.user"; }

static void get_retry(ULONG t, ULONG *remain, ULONG *max) {
  char s[64];
  unsigned long r = 6, m = 6;
  if (read_text(retry_file(t), s, sizeof s, "")) sscanf(s, "%lu %lu", &r, &m);
  *remain = (ULONG)r;
  *max = (ULONG)m;
}
static int set_retry(ULONG t, ULONG remain, ULONG max) {
  char s[64];
  snprintf(s, sizeof s, "%lu %lu\n", (unsigned long)remain, (unsigned long)max);
  return write_text(retry_file(t), s);
}

/* checks a PIN against the stored hash and updates the persisted counter */
static ULONG verify(ULONG type, const char *pin, ULONG *retry) {
  ULONG remain, max;
  char want[128], got[65];
  if (type != USER_TYPE && type != ADMIN_TYPE) return SAR_USER_TYPE_INVALID;
  if (!pin) return SAR_INVALIDPARAMERR;
  if (!read_text(pin_file(type), want, sizeof want, "")) return SAR_USER_PIN_NOT_INITIALIZED;
  get_retry(type, &remain, &max);
  if (retry) *retry = remain;
  if (remain == 0) return SAR_PIN_LOCKED;
  sm3_hex(pin, got);
  if (strcmp(got, want) == 0) {
    if (remain != max && !set_retry(type, max, max)) return SAR_WRITEFILEERR;
    if (retry) *retry = max;
    return SAR_OK;
  }
  remain--;
  if (!set_retry(type, remain, max)) return SAR_WRITEFILEERR;
  if (retry) *retry = remain;
  return remain == 0 ? SAR_PIN_LOCKED : SAR_PIN_INCORRECT;
}

/* ---- keys ----------------------------------------------------------------------------------- */
static EVP_PKEY *load_key(Con *c, int sign) {
  char p[1024];
  if (!path_of(p, sizeof p, "containers", c->name, sign ? "sign.key.pem" : "enc.key.pem")) return NULL;
  FILE *f = fopen(p, "rb");
  if (!f) return NULL;
  EVP_PKEY *k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
  fclose(f);
  return k;
}
static int is_ec(EVP_PKEY *k) { return EVP_PKEY_is_a(k, "SM2") || EVP_PKEY_is_a(k, "EC"); }
/* the container's sign or encryption key when it is of the wanted kind (EC or RSA), else NULL and why in *rv */
static EVP_PKEY *load_key_of(Con *c, int sign, int ec, ULONG *rv) {
  EVP_PKEY *k = load_key(c, sign);
  if (!k) { *rv = SAR_KEYNOTFOUNTERR; return NULL; }
  if (!is_ec(k) != !ec) { EVP_PKEY_free(k); *rv = SAR_KEYUSAGEERR; return NULL; }
  return k;
}

static int bn_right(const BIGNUM *b, BYTE out[64]) {
  memset(out, 0, 64);
  return BN_bn2binpad(b, out + 32, 32) == 32;
}

/* DER of GM/T 0009 SM2Cipher {x INTEGER, y INTEGER, hash OCTET STRING, cipher OCTET STRING} for OpenSSL */
static size_t der_len(BYTE *o, size_t n) {
  if (n < 0x80) { o[0] = (BYTE)n; return 1; }
  if (n < 0x100) { o[0] = 0x81; o[1] = (BYTE)n; return 2; }
  o[0] = 0x82; o[1] = (BYTE)(n >> 8); o[2] = (BYTE)n; return 3;
}
static size_t der_uint(BYTE *o, const BYTE *v, size_t n) {
  while (n > 1 && v[0] == 0) { v++; n--; }
  int pad = v[0] & 0x80;
  size_t k = 0;
  o[k++] = 0x02;
  k += der_len(o + k, n + (pad ? 1 : 0));
  if (pad) o[k++] = 0;
  memcpy(o + k, v, n);
  return k + n;
}
static BYTE *blob_to_der(const ECCCIPHERBLOB *b, size_t *outlen) {
  size_t cl = b->CipherLen;
  BYTE *body = malloc(cl + 128), *out = malloc(cl + 140);
  if (!body || !out) { free(body); free(out); return NULL; }
  size_t k = 0;
  k += der_uint(body + k, b->XCoordinate + 32, 32);
  k += der_uint(body + k, b->YCoordinate + 32, 32);
  body[k++] = 0x04; k += der_len(body + k, 32); memcpy(body + k, b->HASH, 32); k += 32;
  body[k++] = 0x04; k += der_len(body + k, cl); memcpy(body + k, b->Cipher, cl); k += cl;
  size_t m = 0;
  out[m++] = 0x30; m += der_len(out + m, k); memcpy(out + m, body, k); m += k;
  free(body);
  *outlen = m;
  return out;
}

static int blob_ok(const ECCCIPHERBLOB *b) {
  for (int i = 0; i < 32; i++) if (b->XCoordinate[i] || b->YCoordinate[i]) return 0; /* 256-bit values only */
  return b->CipherLen > 0 && b->CipherLen <= 4096;
}

/* SM2 decryption of an ECCCIPHERBLOB with the container's encryption key */
static ULONG sm2_decrypt(Con *c, const ECCCIPHERBLOB *b, BYTE *out, ULONG *outlen) {
  if (!blob_ok(b)) return SAR_INDATAERR;
  ULONG rv = SAR_FAIL;
  EVP_PKEY *k = load_key_of(c, 0, 1, &rv);
  if (!k) return rv;
  size_t dl;
  BYTE *der = blob_to_der(b, &dl);
  EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(k, NULL);
  size_t need = 0;
  if (der && ctx && EVP_PKEY_decrypt_init(ctx) > 0 && EVP_PKEY_decrypt(ctx, NULL, &need, der, dl) > 0) {
    BYTE *tmp = malloc(need);
    size_t n = need;
    if (tmp && EVP_PKEY_decrypt(ctx, tmp, &n, der, dl) > 0) {
      rv = put_out(tmp, n, out, outlen);
      OPENSSL_cleanse(tmp, n);
    } else rv = SAR_INDATAERR;
    free(tmp);
  }
  free(der);
  EVP_PKEY_CTX_free(ctx);
  EVP_PKEY_free(k);
  return rv;
}

/* ==== API ===================================================================================== */
ULONG DEVAPI SKF_WaitForDevEvent(LPSTR szDevName, ULONG *pulDevNameLen, ULONG *pulEvent) {
  ENTER();
  if (!pulDevNameLen || !pulEvent) return SAR_INVALIDPARAMERR;
  int was = present();
  cancel_wait = 0;
  while (!cancel_wait) {
    sleep_ms(100);
    int now = present();
    if (now != was) {
      char n[64];
      dev_name(n, sizeof n);
      size_t len = strlen(n) + 1;
      if (szDevName && *pulDevNameLen >= len) memcpy(szDevName, n, len);
      *pulDevNameLen = (ULONG)len;
      *pulEvent = now ? 1 : 2;
      return SAR_OK;
    }
  }
  return SAR_FAIL;
}

ULONG DEVAPI SKF_CancelWaitForDevEvent(void) { cancel_wait = 1; return SAR_OK; }

ULONG DEVAPI SKF_EnumDev(BOOL bPresent, LPSTR szNameList, ULONG *pulSize) {
  ENTER();
  char list[80] = {0};
  size_t len = 1;
  if (dir() && (present() || !bPresent)) {
    dev_name(list, 64);
    len = strlen(list) + 2;
  }
  return put_out(list, len, szNameList, pulSize);
}

ULONG DEVAPI SKF_GetDevState(LPSTR szDevName, ULONG *pulDevState) {
  ENTER();
  char n[64];
  if (!szDevName || !pulDevState) return SAR_INVALIDPARAMERR;
  dev_name(n, sizeof n);
  *pulDevState = strcmp(n, szDevName) == 0 && present() ? DEV_PRESENT_STATE : DEV_ABSENT_STATE;
  return SAR_OK;
}

ULONG DEVAPI SKF_ConnectDev(LPSTR szName, DEVHANDLE *phDev) {
  ENTER();
  char n[64];
  if (!szName || !phDev) return SAR_INVALIDPARAMERR;
  if (!present()) return SAR_DEVICE_REMOVED;
  dev_name(n, sizeof n);
  if (strcmp(n, szName) != 0) return SAR_FAIL;
  Dev *d = new_handle(sizeof *d, MAGIC_DEV);
  if (!d) return SAR_MEMORYERR;
  snprintf(d->name, sizeof d->name, "%s", n);
  *phDev = d;
  return SAR_OK;
}

ULONG DEVAPI SKF_DisConnectDev(DEVHANDLE hDev) {
  ENTER();
  return close_handle(hDev, MAGIC_DEV);
}

ULONG DEVAPI SKF_GetDevInfo(DEVHANDLE hDev, DEVINFO *p) {
  ENTER();
  ULONG rv = check_dev(hDev);
  if (rv) return rv;
  if (!p) return SAR_INVALIDPARAMERR;
  memset(p, 0, sizeof *p);
  p->Version.major = 1;
  snprintf(p->Manufacturer, sizeof p->Manufacturer, "BidSeal test");
  snprintf(p->Issuer, sizeof p->Issuer, "BidSeal soft-skf");
  dev_name(p->Label, sizeof p->Label);
  read_text("serial", p->SerialNumber, sizeof p->SerialNumber, "0000000000000001");
  p->HWVersion.major = 1;
  p->FirmwareVersion.major = 1;
  p->AlgSymCap = SGD_SMS4_ECB | SGD_SMS4_CBC;
  p->AlgAsymCap = SGD_RSA | SGD_SM2_1 | SGD_SM2_2 | SGD_SM2_3;
  p->AlgHashCap = SGD_SM3 | SGD_SHA1 | SGD_SHA256;
  p->TotalSpace = 65536;
  p->FreeSpace = 32768;
  p->MaxECCBufferSize = 4096;
  p->MaxBufferSize = 4096;
  return SAR_OK;
}

ULONG DEVAPI SKF_EnumApplication(DEVHANDLE hDev, LPSTR szAppName, ULONG *pulSize) {
  ENTER();
  ULONG rv = check_dev(hDev);
  if (rv) return rv;
  char list[80] = {0};
  app_name(list, 64);
  return put_out(list, strlen(list) + 2, szAppName, pulSize);
}

ULONG DEVAPI SKF_OpenApplication(DEVHANDLE hDev, LPSTR szAppName, HAPPLICATION *phApplication) {
  ENTER();
  ULONG rv = check_dev(hDev);
  if (rv) return rv;
  char n[64];
  if (!szAppName || !phApplication) return SAR_INVALIDPARAMERR;
  app_name(n, sizeof n);
  if (strcmp(n, szAppName) != 0) return SAR_APPLICATION_NOT_EXISTS;
  App *a = new_handle(sizeof *a, MAGIC_APP);
  if (!a) return SAR_MEMORYERR;
  a->dev = hDev;
  snprintf(a->name, sizeof a->name, "%s", n);
  *phApplication = a;
  return SAR_OK;
}

ULONG DEVAPI SKF_CloseApplication(HAPPLICATION h) {
  ENTER();
  return close_handle(h, MAGIC_APP);
}

ULONG DEVAPI SKF_GetPINInfo(HAPPLICATION h, ULONG ulPINType, ULONG *pulMaxRetryCount, ULONG *pulRemainRetryCount, BOOL *pbDefaultPin) {
  ENTER();
  ULONG rv = check_app(h);
  if (rv) return rv;
  if (ulPINType != USER_TYPE && ulPINType != ADMIN_TYPE) return SAR_USER_TYPE_INVALID;
  if (!pulMaxRetryCount || !pulRemainRetryCount || !pbDefaultPin) return SAR_INVALIDPARAMERR;
  get_retry(ulPINType, pulRemainRetryCount, pulMaxRetryCount);
  *pbDefaultPin = ulPINType == USER_TYPE && exists("pin.user.default");
  return SAR_OK;
}

ULONG DEVAPI SKF_VerifyPIN(HAPPLICATION h, ULONG ulPINType, LPSTR szPIN, ULONG *pulRetryCount) {
  ENTER();
  App *a = h;
  ULONG rv = check_app(a);
  if (rv) return rv;
  rv = verify(ulPINType, szPIN, pulRetryCount);
  if (rv == SAR_OK) {
    if (ulPINType == USER_TYPE) a->user_in = 1; else a->admin_in = 1;
  } else if (ulPINType == USER_TYPE) a->user_in = 0;
  return rv;
}

ULONG DEVAPI SKF_ChangePIN(HAPPLICATION h, ULONG ulPINType, LPSTR szOldPin, LPSTR szNewPin, ULONG *pulRetryCount) {
  ENTER();
  App *a = h;
  ULONG rv = check_app(a);
  if (rv) return rv;
  if (!szNewPin) return SAR_INVALIDPARAMERR;
  size_t nl = strlen(szNewPin);
  if (nl < 6 || nl > 16) return SAR_PIN_LEN_RANGE;
  rv = verify(ulPINType, szOldPin, pulRetryCount);
  if (rv) return rv;
  char hex[66];
  sm3_hex(szNewPin, hex);
  strcat(hex, "\n");
  if (!write_text(pin_file(ulPINType), hex)) return SAR_WRITEFILEERR;
  if (ulPINType == USER_TYPE) {
    char p[1024];
    if (path_of(p, sizeof p, "pin.user.default", NULL, NULL)) unlink(p);
  }
  return SAR_OK;
}

ULONG DEVAPI SKF_UnblockPIN(HAPPLICATION h, LPSTR szAdminPIN, LPSTR szNewUserPIN, ULONG *pulRetryCount) {
  ENTER();
  ULONG rv = check_app(h);
  if (rv) return rv;
  if (!szNewUserPIN) return SAR_INVALIDPARAMERR;
  rv = verify(ADMIN_TYPE, szAdminPIN, pulRetryCount);
  if (rv) return rv;
  char hex[66];
  ULONG remain, max;
  sm3_hex(szNewUserPIN, hex);
  strcat(hex, "\n");
  get_retry(USER_TYPE, &remain, &max);
  if (!write_text("pin.user", hex) || !set_retry(USER_TYPE, max, max)) return SAR_WRITEFILEERR;
  return SAR_OK;
}

ULONG DEVAPI SKF_ClearSecureState(HAPPLICATION h) {
  ENTER();
  App *a = h;
  ULONG rv = check_app(a);
  if (rv) return rv;
  a->user_in = a->admin_in = 0;
  return SAR_OK;
}

ULONG DEVAPI SKF_EnumContainer(HAPPLICATION h, LPSTR szContainerName, ULONG *pulSize) {
  ENTER();
  ULONG rv = check_app(h);
  if (rv) return rv;
  char p[1024], list[4096];
  size_t len = 0;
  if (!path_of(p, sizeof p, "containers", NULL, NULL)) return SAR_FAIL;
  DIR *dd = opendir(p);
  if (dd) {
    struct dirent *e;
    while ((e = readdir(dd)) != NULL) {
      if (e->d_name[0] == '.') continue;
      size_t n = strlen(e->d_name) + 1;
      if (len + n + 1 > sizeof list) break;
      memcpy(list + len, e->d_name, n);
      len += n;
    }
    closedir(dd);
  }
  list[len++] = 0;
  return put_out(list, len, szContainerName, pulSize);
}

ULONG DEVAPI SKF_OpenContainer(HAPPLICATION h, LPSTR szContainerName, HCONTAINER *phContainer) {
  ENTER();
  ULONG rv = check_app(h);
  if (rv) return rv;
  char p[1024];
  struct stat st;
  if (!szContainerName || !phContainer || strchr(szContainerName, '/') || szContainerName[0] == '.' || strlen(szContainerName) >= 128) return SAR_INVALIDPARAMERR;
  if (!path_of(p, sizeof p, "containers", szContainerName, NULL) || stat(p, &st) != 0 || !S_ISDIR(st.st_mode)) return SAR_FILE_NOT_EXIST;
  Con *c = new_handle(sizeof *c, MAGIC_CON);
  if (!c) return SAR_MEMORYERR;
  c->app = h;
  snprintf(c->name, sizeof c->name, "%s", szContainerName);
  *phContainer = c;
  return SAR_OK;
}

ULONG DEVAPI SKF_CloseContainer(HCONTAINER h) {
  ENTER();
  return close_handle(h, MAGIC_CON);
}

ULONG DEVAPI SKF_GetContainerType(HCONTAINER h, ULONG *pulContainerType) {
  ENTER();
  ULONG rv = check_con(h);
  if (rv) return rv;
  if (!pulContainerType) return SAR_INVALIDPARAMERR;
  EVP_PKEY *k = load_key(h, 1);
  *pulContainerType = !k ? CONTAINER_EMPTY : is_ec(k) ? CONTAINER_ECC : CONTAINER_RSA;
  EVP_PKEY_free(k);
  return SAR_OK;
}

ULONG DEVAPI SKF_ExportCertificate(HCONTAINER h, BOOL bSignFlag, BYTE *pbCert, ULONG *pulCertLen) {
  ENTER();
  Con *c = h;
  ULONG rv = check_con(c);
  if (rv) return rv;
  if (!pulCertLen) return SAR_INVALIDPARAMERR;
  char p[1024];
  static BYTE buf[16384];
  if (!path_of(p, sizeof p, "containers", c->name, bSignFlag ? "sign.cert.der" : "enc.cert.der")) return SAR_FAIL;
  long n = read_file(p, buf, sizeof buf);
  if (n < 0) return SAR_CERTNOTFOUNTERR;
  return put_out(buf, (size_t)n, pbCert, pulCertLen);
}

ULONG DEVAPI SKF_ExportPublicKey(HCONTAINER h, BOOL bSignFlag, BYTE *pbBlob, ULONG *pulBlobLen) {
  ENTER();
  ULONG rv = check_con(h);
  if (rv) return rv;
  if (!pulBlobLen) return SAR_INVALIDPARAMERR;
  EVP_PKEY *k = load_key(h, bSignFlag);
  if (!k) return SAR_KEYNOTFOUNTERR;
  rv = SAR_FAIL;
  if (is_ec(k)) {
    ECCPUBLICKEYBLOB b;
    BYTE pt[65];
    size_t n = 0;
    memset(&b, 0, sizeof b);
    if (EVP_PKEY_get_octet_string_param(k, OSSL_PKEY_PARAM_PUB_KEY, pt, sizeof pt, &n) && n == 65 && pt[0] == 4) {
      b.BitLen = 256;
      memcpy(b.XCoordinate + 32, pt + 1, 32);
      memcpy(b.YCoordinate + 32, pt + 33, 32);
      rv = put_out(&b, sizeof b, pbBlob, pulBlobLen);
    }
  } else {
    RSAPUBLICKEYBLOB b;
    BIGNUM *n = NULL, *e = NULL;
    memset(&b, 0, sizeof b);
    if (EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_RSA_N, &n) && EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_RSA_E, &e) && BN_num_bytes(n) <= MAX_RSA_MODULUS_LEN) {
      b.AlgID = SGD_RSA;
      b.BitLen = (ULONG)BN_num_bits(n);
      BN_bn2binpad(n, b.Modulus + MAX_RSA_MODULUS_LEN - BN_num_bytes(n), BN_num_bytes(n));
      BN_bn2binpad(e, b.PublicExponent, MAX_RSA_EXPONENT_LEN);
      rv = put_out(&b, sizeof b, pbBlob, pulBlobLen);
    }
    BN_free(n);
    BN_free(e);
  }
  EVP_PKEY_free(k);
  return rv;
}

ULONG DEVAPI SKF_ECCSignData(HCONTAINER h, BYTE *pbData, ULONG ulDataLen, PECCSIGNATUREBLOB pSignature) {
  ENTER();
  Con *c = h;
  ULONG rv = check_con_user(c);
  if (rv) return rv;
  if (!pbData || !pSignature) return SAR_INVALIDPARAMERR;
  if (ulDataLen != 32) return SAR_INDATALENERR; /* e = SM3(Z‖M), computed by the caller */
  EVP_PKEY *k = load_key_of(c, 1, 1, &rv);
  if (!k) return rv;
  rv = SAR_FAIL;
  EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(k, NULL);
  BYTE der[80];
  size_t dl = sizeof der;
  /* OpenSSL's SM2 EVP_PKEY_sign signs the given bytes as the digest e (no Z, no hashing) */
  if (ctx && EVP_PKEY_sign_init(ctx) > 0 && EVP_PKEY_sign(ctx, der, &dl, pbData, ulDataLen) > 0) {
    const BYTE *q = der;
    ECDSA_SIG *sig = d2i_ECDSA_SIG(NULL, &q, (long)dl);
    if (sig && bn_right(ECDSA_SIG_get0_r(sig), pSignature->r) && bn_right(ECDSA_SIG_get0_s(sig), pSignature->s)) rv = SAR_OK;
    ECDSA_SIG_free(sig);
  }
  EVP_PKEY_CTX_free(ctx);
  EVP_PKEY_free(k);
  return rv;
}

ULONG DEVAPI SKF_RSASignData(HCONTAINER h, BYTE *pbData, ULONG ulDataLen, BYTE *pbSignature, ULONG *pulSignLen) {
  ENTER();
  Con *c = h;
  ULONG rv = check_con_user(c);
  if (rv) return rv;
  if (!pbData || !pulSignLen) return SAR_INVALIDPARAMERR;
  EVP_PKEY *k = load_key_of(c, 1, 0, &rv);
  if (!k) return rv;
  size_t need = (size_t)EVP_PKEY_get_size(k);
  if (!pbSignature) { *pulSignLen = (ULONG)need; EVP_PKEY_free(k); return SAR_OK; }
  if (*pulSignLen < need) { *pulSignLen = (ULONG)need; EVP_PKEY_free(k); return SAR_BUFFER_TOO_SMALL; }
  rv = SAR_FAIL;
  EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(k, NULL);
  size_t n = need;
  /* PKCS#1 v1.5 type 1 over the caller's DigestInfo */
  if (ctx && EVP_PKEY_sign_init(ctx) > 0 && EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) > 0 && EVP_PKEY_sign(ctx, pbSignature, &n, pbData, ulDataLen) > 0) {
    *pulSignLen = (ULONG)n;
    rv = SAR_OK;
  }
  EVP_PKEY_CTX_free(ctx);
  EVP_PKEY_free(k);
  return rv;
}

ULONG DEVAPI SKF_ECCPrvKeyDecrypt(HCONTAINER h, PECCCIPHERBLOB pCipherText, BYTE *pbPlainText, ULONG *pulPlainTextLen) {
  ENTER();
  Con *c = h;
  ULONG rv = check_con(c);
  if (rv) return rv;
  const char *off = getenv("SOFTSKF_NO_PRVKEYDECRYPT");
  if (off && *off == '1') return SAR_NOTSUPPORTYETERR; /* behave like a library without the vendor call */
  if (!c->app->user_in) return SAR_USER_NOT_LOGGED_IN;
  if (!pCipherText || !pulPlainTextLen) return SAR_INVALIDPARAMERR;
  return sm2_decrypt(c, pCipherText, pbPlainText, pulPlainTextLen);
}

ULONG DEVAPI SKF_RSAPrvKeyDecrypt(HCONTAINER h, BYTE *pbIn, ULONG ulInLen, BYTE *pbOut, ULONG *pulOutLen) {
  ENTER();
  Con *c = h;
  ULONG rv = check_con_user(c);
  if (rv) return rv;
  if (!pbIn || !pulOutLen) return SAR_INVALIDPARAMERR;
  EVP_PKEY *k = load_key_of(c, 0, 0, &rv);
  if (!k) return rv;
  rv = SAR_RSADECERR;
  EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(k, NULL);
  BYTE tmp[1024];
  size_t n = sizeof tmp;
  if (ctx && EVP_PKEY_decrypt_init(ctx) > 0 && EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) > 0 && EVP_PKEY_decrypt(ctx, tmp, &n, pbIn, ulInLen) > 0) {
    rv = put_out(tmp, n, pbOut, pulOutLen);
  }
  OPENSSL_cleanse(tmp, sizeof tmp);
  EVP_PKEY_CTX_free(ctx);
  EVP_PKEY_free(k);
  return rv;
}

ULONG DEVAPI SKF_ImportSessionKey(HCONTAINER h, ULONG ulAlgId, BYTE *pbWrapedData, ULONG ulWrapedLen, HANDLE *phKey) {
  ENTER();
  Con *c = h;
  ULONG rv = check_con_user(c);
  if (rv) return rv;
  if (!pbWrapedData || !phKey) return SAR_INVALIDPARAMERR;
  if (ulAlgId != SGD_SMS4_ECB && ulAlgId != SGD_SMS4_CBC) return SAR_NOTSUPPORTYETERR;
  const ECCCIPHERBLOB *b = (const ECCCIPHERBLOB *)pbWrapedData;
  if (ulWrapedLen < ECCCIPHERBLOB_HEADER_LEN || ulWrapedLen < ECCCIPHERBLOB_HEADER_LEN + b->CipherLen) return SAR_INDATALENERR;
  BYTE k[64];
  ULONG n = sizeof k;
  rv = sm2_decrypt(c, b, k, &n);
  if (rv) return rv;
  if (n != 16) { OPENSSL_cleanse(k, sizeof k); return SAR_INDATAERR; }
  Key *key = new_handle(sizeof *key, MAGIC_KEY);
  if (!key) return SAR_MEMORYERR;
  key->app = c->app;
  key->alg = ulAlgId;
  memcpy(key->key, k, 16);
  OPENSSL_cleanse(k, sizeof k);
  *phKey = key;
  return SAR_OK;
}

ULONG DEVAPI SKF_DecryptInit(HANDLE hKey, BLOCKCIPHERPARAM p) {
  ENTER();
  Key *k = hKey;
  ULONG rv = check_key(k);
  if (rv) return rv;
  if (k->alg == SGD_SMS4_CBC && p.IVLen != 16) return SAR_INVALIDPARAMERR;
  EVP_CIPHER_CTX_free(k->ctx);
  k->ctx = EVP_CIPHER_CTX_new();
  if (!k->ctx || EVP_DecryptInit_ex(k->ctx, k->alg == SGD_SMS4_CBC ? EVP_sm4_cbc() : EVP_sm4_ecb(), NULL, k->key, k->alg == SGD_SMS4_CBC ? p.IV : NULL) <= 0) return SAR_FAIL;
  EVP_CIPHER_CTX_set_padding(k->ctx, p.PaddingType == 1);
  return SAR_OK;
}

/* single-part decryption (the whole ciphertext in one call) */
ULONG DEVAPI SKF_Decrypt(HANDLE hKey, BYTE *pbEncryptedData, ULONG ulEncryptedLen, BYTE *pbData, ULONG *pulDataLen) {
  ENTER();
  Key *k = hKey;
  ULONG rv = check_key(k);
  if (rv) return rv;
  if (!k->ctx) return SAR_NOTINITIALIZEERR;
  if (!pbEncryptedData || !pulDataLen) return SAR_INVALIDPARAMERR;
  if (ulEncryptedLen % 16) return SAR_INDATALENERR;
  if (!pbData) { *pulDataLen = ulEncryptedLen; return SAR_OK; }
  if (*pulDataLen < ulEncryptedLen) { *pulDataLen = ulEncryptedLen; return SAR_BUFFER_TOO_SMALL; }
  int a = 0, b = 0;
  if (EVP_DecryptUpdate(k->ctx, pbData, &a, pbEncryptedData, (int)ulEncryptedLen) <= 0 || EVP_DecryptFinal_ex(k->ctx, pbData + a, &b) <= 0) rv = SAR_DECRYPTPADERR;
  else *pulDataLen = (ULONG)(a + b);
  EVP_CIPHER_CTX_free(k->ctx);
  k->ctx = NULL;
  return rv;
}

ULONG DEVAPI SKF_CloseHandle(HANDLE h) {
  ENTER();
  Key *k = h;
  if (!is_handle(k, MAGIC_KEY)) return SAR_INVALIDHANDLEERR;
  EVP_CIPHER_CTX_free(k->ctx);
  OPENSSL_cleanse(k->key, sizeof k->key);
  return close_handle(k, MAGIC_KEY);
}
