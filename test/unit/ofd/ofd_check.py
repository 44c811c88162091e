#!/usr/bin/python3
# Independent reader of OFD seal signatures (GB/T 33190 §18) with Python's zipfile and ElementTree, not with
# BidSeal's code: unpacks the container into OUTDIR and prints, per signature, its references (path and
# CheckValue), the SignedValue path and the Signature.xml path, so the test can recompute the digests with
# `openssl dgst -sm3` and check the SES_Signature with ses_check.py.
#   ofd_check.py FILE.ofd OUTDIR
import json
import os
import sys
import xml.etree.ElementTree as ET
import zipfile

NS = '{http://www.ofdspec.org/2016}'


def resolve(base, ref):
    if ref.startswith('/'):
        return ref.lstrip('/')
    return os.path.normpath(os.path.join(os.path.dirname(base), ref))


src, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(src) as z:
    bad = z.testzip()
    assert bad is None, bad
    z.extractall(out)
    names = z.namelist()
ofd = ET.parse(os.path.join(out, 'OFD.xml')).getroot()
body = ofd.find(NS + 'DocBody')
sigs_path = resolve('OFD.xml', body.find(NS + 'Signatures').text.strip())
sigs = ET.parse(os.path.join(out, sigs_path)).getroot()
res = {'files': names, 'maxSignId': sigs.find(NS + 'MaxSignId').text, 'signatures': []}
for s in sigs.findall(NS + 'Signature'):
    p = resolve(sigs_path, s.get('BaseLoc'))
    x = ET.parse(os.path.join(out, p)).getroot()
    info = x.find(NS + 'SignedInfo')
    refs = info.find(NS + 'References')
    res['signatures'].append({
        'id': s.get('ID'), 'type': s.get('Type'), 'path': p,
        'method': info.find(NS + 'SignatureMethod').text,
        'checkMethod': refs.get('CheckMethod'),
        'refs': [{'path': resolve(p, r.get('FileRef')), 'value': r.find(NS + 'CheckValue').text} for r in refs.findall(NS + 'Reference')],
        'stamps': [{'page': a.get('PageRef'), 'boundary': a.get('Boundary'), 'clip': a.get('Clip')} for a in info.findall(NS + 'StampAnnot')],
        'signedValue': resolve(p, x.find(NS + 'SignedValue').text.strip()),
    })
print(json.dumps(res))
