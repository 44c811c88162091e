/* Benchmark baseline (built at bench time by bench/cases/sm2.ts): OpenSSL 3 SM2 encryption and
 * decryption of a 32-byte message (a content key) through EVP_PKEY_encrypt / EVP_PKEY_decrypt,
 * single thread, one fresh key pair, same key for every operation (as `openssl speed sm2` does).
 * `openssl speed` has no SM2 encryption test. Output: "encrypt <ops/s>\ndecrypt <ops/s>\n".
 * Build: cc -O2 sm2_enc_speed.c -lcrypto.  Usage: sm2_enc_speed [seconds per figure, default 1]
 */
#include <openssl/evp.h>
#include <openssl/err.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what) {
  fprintf(stderr, "%s failed\n", what);
  ERR_print_errors_fp(stderr);
  exit(1);
}

int main(int argc, char **argv) {
  double secs = argc > 1 ? atof(argv[1]) : 1.0;
  EVP_PKEY *pkey = EVP_PKEY_Q_keygen(NULL, NULL, "SM2");
  if (!pkey) die("keygen");
  unsigned char msg[32], ct[256], pt[256];
  for (int i = 0; i < 32; i++) msg[i] = (unsigned char)i;
  size_t ctlen = 0, ptlen = 0;

  EVP_PKEY_CTX *ectx = EVP_PKEY_CTX_new(pkey, NULL);
  if (!ectx || EVP_PKEY_encrypt_init(ectx) <= 0) die("encrypt_init");
  EVP_PKEY_CTX *dctx = EVP_PKEY_CTX_new(pkey, NULL);
  if (!dctx || EVP_PKEY_decrypt_init(dctx) <= 0) die("decrypt_init");

  /* warm-up and correctness check */
  ctlen = sizeof ct;
  if (EVP_PKEY_encrypt(ectx, ct, &ctlen, msg, sizeof msg) <= 0) die("encrypt");
  ptlen = sizeof pt;
  if (EVP_PKEY_decrypt(dctx, pt, &ptlen, ct, ctlen) <= 0 || ptlen != 32) die("decrypt");

  long n = 0;
  double t0 = now(), t;
  do {
    ctlen = sizeof ct;
    if (EVP_PKEY_encrypt(ectx, ct, &ctlen, msg, sizeof msg) <= 0) die("encrypt");
    n++;
  } while ((t = now()) - t0 < secs);
  printf("encrypt %.1f\n", n / (t - t0));

  n = 0;
  t0 = now();
  do {
    ptlen = sizeof pt;
    if (EVP_PKEY_decrypt(dctx, pt, &ptlen, ct, ctlen) <= 0) die("decrypt");
    n++;
  } while ((t = now()) - t0 < secs);
  printf("decrypt %.1f\n", n / (t - t0));

  EVP_PKEY_CTX_free(ectx);
  EVP_PKEY_CTX_free(dctx);
  EVP_PKEY_free(pkey);
  return 0;
}
