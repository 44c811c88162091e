// Revision 6 (AES-256) passwords: Algorithm 2.B's variable round count, checked on a qpdf 11 file whose hash
// stops exactly at the boundary (last byte of E = rounds done − 32). An off-by-one there refuses the right
// password or derives the wrong file key for about one file in a hundred.
import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { StandardDecryptor } from '../../../shared/pdf/crypt';
import { PdfDict, PdfName, PdfString } from '../../../shared/pdf/objects';

// qpdf --encrypt 开标pw owner-pw 256; `qpdf --show-encryption-key` printed the key
const vector = {
  U: 'ef985519bd3ba5abe41698be4e75cad4b55561c60f93171a1d32af55c2a46e49f288eb69d3edac1e01c6ecbb5eee8e42',
  UE: '18340370bf4689b725822952490d2c020890e6d83cf05b07e04b25ddd22bd8cb',
  O: '4421d14162279ae768c65a0f4eb3f80fb6136b648a58733a4583a3427a1e216f9f11fc26534da51544b309f6e37ae2a6',
  OE: 'f3bb41147294a40550cab2bfec7a055636b61fac413ca15f9e191587f6398f49',
  Perms: 'da6499491a9ccd494ea4012229569d86',
  key: 'fd87bab1dd68b531b1065b160e67e4a8a42fa9422e6f5cd3de8627c4adfc7cc7',
};

const hex = (h: string) => new PdfString(Buffer.from(h, 'hex'), true);
const encryptDict = () =>
  new PdfDict([
    ['Filter', new PdfName('Standard')],
    ['V', 5],
    ['R', 6],
    ['Length', 256],
    ['P', -4],
    ['CF', new PdfDict([['StdCF', new PdfDict([['CFM', new PdfName('AESV3')], ['AuthEvent', new PdfName('DocOpen')], ['Length', 32]])]])],
    ['StmF', new PdfName('StdCF')],
    ['StrF', new PdfName('StdCF')],
    ...(['U', 'UE', 'O', 'OE', 'Perms'] as const).map((k): [string, PdfString] => [k, hex(vector[k])]),
  ]);

/** a string as a writer with the file key stores it: IV ‖ AES-256-CBC(PKCS#7) */
function sealed(text: string): PdfString {
  const iv = Buffer.alloc(16, 7);
  const c = createCipheriv('aes-256-cbc', Buffer.from(vector.key, 'hex'), iv);
  return new PdfString(Buffer.concat([iv, c.update(text, 'utf8'), c.final()]));
}

describe('revision 6 password hash (Algorithm 2.B)', () => {
  it.each([['开标pw'], ['owner-pw']])('%s opens the file and gives qpdf’s file key', (password) => {
    const d = StandardDecryptor.open(encryptDict(), new Uint8Array(0), password);
    const out = d.decryptObject(new PdfDict([['T', sealed('投标人签章')]]), 5, 0) as PdfDict;
    expect(new TextDecoder().decode((out.get('T') as PdfString).bytes)).toBe('投标人签章');
  });

  it('a wrong password is E_PDF_PASSWORD', () => {
    expect(() => StandardDecryptor.open(encryptDict(), new Uint8Array(0), '开标PW')).toThrow(expect.objectContaining({ code: 'E_PDF_PASSWORD' }));
  });
});
