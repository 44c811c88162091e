// Runs in Node (tests). A "changed after signing" document: appends an incremental revision that replaces
// page 1's content stream (object 5 of test/helpers/pdf.ts minimalPdf) — the classic way a signed bid is
// altered while each signature's own bytes stay intact (ISO 32000-1 §7.5.6).
export function changePageContent(signed: Uint8Array, text = 'PAY 1,000,000'): Uint8Array {
  const s = Buffer.from(signed).toString('latin1');
  const sx = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(s)![1]);
  const size = Math.max(...[...s.matchAll(/\/Size (\d+)/g)].map((m) => Number(m[1])));
  const root = [...s.matchAll(/\/Root (\d+ \d+ R)/g)].at(-1)![1];
  const content = `BT /F1 30 Tf 72 500 Td (${text}) Tj ET`;
  const objAt = signed.length;
  let add = `5 0 obj\n<< /Length ${content.length} >>\nstream\n${content}\nendstream\nendobj\n`;
  const xrefAt = objAt + add.length;
  add += `xref\n5 1\n${String(objAt).padStart(10, '0')} 00000 n\r\ntrailer\n<< /Size ${size} /Root ${root} /Prev ${sx} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.concat([signed, Buffer.from(add, 'latin1')]);
}
