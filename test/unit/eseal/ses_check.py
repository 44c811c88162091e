#!/usr/bin/python3
# Independent reader of SESeal / SES_Signature (GM/T 0031-2014 v1, GB/T 38540-2020 v4) written from the
# standards' ASN.1 with python3-asn1crypto (Debian), not from BidSeal's code. Used by the tests as a second
# parser: prints the fields as JSON and writes the exact to-be-signed bytes and the signatures to files
# so that `openssl pkeyutl -verify` can check them.
#   ses_check.py seal FILE OUTDIR      ses_check.py sig FILE OUTDIR
import json
import os
import sys

from asn1crypto import core


class Header(core.Sequence):
    _fields = [('id', core.IA5String), ('version', core.Integer), ('vid', core.IA5String)]


class CertList(core.SequenceOf):
    _child_spec = core.OctetString


class CertDigestObj(core.Sequence):
    _fields = [('type', core.PrintableString), ('value', core.OctetString)]


class CertDigestList(core.SequenceOf):
    _child_spec = CertDigestObj


class PropertyV4(core.Sequence):
    _fields = [('type', core.Integer), ('name', core.UTF8String), ('cert_list_type', core.Integer), ('cert_list', core.Any),
               ('create_date', core.GeneralizedTime), ('valid_start', core.GeneralizedTime), ('valid_end', core.GeneralizedTime)]


class PropertyV1(core.Sequence):
    _fields = [('type', core.Integer), ('name', core.UTF8String), ('cert_list', CertList),
               ('create_date', core.UTCTime), ('valid_start', core.UTCTime), ('valid_end', core.UTCTime)]


class Picture(core.Sequence):
    _fields = [('type', core.IA5String), ('data', core.OctetString), ('width', core.Integer), ('height', core.Integer)]


class ExtData(core.Sequence):
    _fields = [('extn_id', core.ObjectIdentifier), ('critical', core.Boolean, {'default': False}), ('extn_value', core.OctetString)]


class ExtensionDatas(core.SequenceOf):
    _child_spec = ExtData


class SealInfoV4(core.Sequence):
    _fields = [('header', Header), ('es_id', core.IA5String), ('property', PropertyV4), ('picture', Picture),
               ('ext_datas', ExtensionDatas, {'optional': True})]


class SealInfoV1(core.Sequence):
    _fields = [('header', Header), ('es_id', core.IA5String), ('property', PropertyV1), ('picture', Picture),
               ('ext_datas', ExtensionDatas, {'optional': True})]


class SESealV4(core.Sequence):
    _fields = [('seal_info', SealInfoV4), ('cert', core.OctetString), ('sign_alg_id', core.ObjectIdentifier), ('signed_value', core.BitString)]


class SignInfoV1(core.Sequence):
    _fields = [('cert', core.OctetString), ('signature_algorithm', core.ObjectIdentifier), ('sign_data', core.BitString)]


class SESealV1(core.Sequence):
    _fields = [('seal_info', SealInfoV1), ('sign_info', SignInfoV1)]


class TBSSignV4(core.Sequence):
    _fields = [('version', core.Integer), ('eseal', SESealV4), ('time_info', core.GeneralizedTime), ('data_hash', core.BitString),
               ('property_info', core.IA5String), ('ext_datas', ExtensionDatas, {'explicit': 0, 'optional': True})]


class SESSignatureV4(core.Sequence):
    _fields = [('to_sign', TBSSignV4), ('cert', core.OctetString), ('signature_alg_id', core.ObjectIdentifier), ('signature', core.BitString),
               ('time_stamp', core.BitString, {'explicit': 0, 'optional': True})]


class TBSSignV1(core.Sequence):
    _fields = [('version', core.Integer), ('eseal', SESealV1), ('time_info', core.BitString), ('data_hash', core.BitString),
               ('property_info', core.IA5String), ('cert', core.OctetString), ('signature_algorithm', core.ObjectIdentifier)]


class SESSignatureV1(core.Sequence):
    _fields = [('to_sign', TBSSignV1), ('signature', core.BitString)]


def bits(b):
    return bytes(b.contents[1:])


def seal_fields(seal, v4, out, prefix):
    info = seal['seal_info']
    prop = info['property']
    if v4:
        lt = prop['cert_list_type'].native
        raw = prop['cert_list'].dump()
        lst = CertList.load(raw) if lt == 1 else CertDigestList.load(raw)
        certs = [bytes(c.native).hex() for c in lst] if lt == 1 else []
        digests = [{'type': d['type'].native, 'value': d['value'].native.hex()} for d in lst] if lt == 2 else []
        tbs = info.dump()
        sig = bits(seal['signed_value'])
        alg = seal['sign_alg_id'].dotted
        cert = seal['cert'].native
    else:
        lt = 1
        certs = [c.native.hex() for c in prop['cert_list']]
        digests = []
        si = seal['sign_info']
        # GM/T 0031: the maker signs SEQUENCE { sealInfo, cert, signatureAlgorithm }
        tbs = core.Sequence(contents=info.dump() + si['cert'].dump() + si['signature_algorithm'].dump()).dump()
        sig = bits(si['sign_data'])
        alg = si['signature_algorithm'].dotted
        cert = si['cert'].native
    with open(os.path.join(out, prefix + 'maker_tbs.bin'), 'wb') as f:
        f.write(tbs)
    with open(os.path.join(out, prefix + 'maker_sig.bin'), 'wb') as f:
        f.write(sig)
    with open(os.path.join(out, prefix + 'maker_cert.der'), 'wb') as f:
        f.write(cert)
    pic = info['picture']
    return {
        'header': {'id': info['header']['id'].native, 'version': info['header']['version'].native, 'vid': info['header']['vid'].native},
        'esId': info['es_id'].native,
        'type': prop['type'].native, 'name': prop['name'].native, 'certListType': lt, 'certs': certs, 'certDigests': digests,
        'createDate': prop['create_date'].native.isoformat(), 'validStart': prop['valid_start'].native.isoformat(), 'validEnd': prop['valid_end'].native.isoformat(),
        'picture': {'type': pic['type'].native, 'bytes': len(pic['data'].native), 'sha': __import__('hashlib').sha256(pic['data'].native).hexdigest(), 'width': pic['width'].native, 'height': pic['height'].native},
        'extensions': [{'id': e['extn_id'].dotted, 'critical': e['critical'].native, 'value': e['extn_value'].native.hex()} for e in info['ext_datas']] if info['ext_datas'].native is not None else [],
        'alg': alg,
    }


def main():
    kind, path, out = sys.argv[1], sys.argv[2], sys.argv[3]
    data = open(path, 'rb').read()
    if kind == 'seal':
        v4 = core.Sequence.load(data)[1].tag == 4 if len(core.Sequence.load(data)) == 4 else False
        seal = (SESealV4 if v4 else SESealV1).load(data, strict=True)
        res = seal_fields(seal, v4, out, '')
        res['format'] = 4 if v4 else 1
    else:
        top = core.Sequence.load(data)
        v4 = len(top) >= 4
        s = (SESSignatureV4 if v4 else SESSignatureV1).load(data, strict=True)
        tbs = s['to_sign']
        res = {'format': 4 if v4 else 1, 'version': tbs['version'].native, 'seal': seal_fields(tbs['eseal'], v4, out, 'seal_'),
               'dataHash': bits(tbs['data_hash']).hex(), 'propertyInfo': tbs['property_info'].native}
        with open(os.path.join(out, 'tbs.bin'), 'wb') as f:
            f.write(tbs.dump())
        if v4:
            sig, cert, alg = bits(s['signature']), s['cert'].native, s['signature_alg_id'].dotted
            res['time'] = tbs['time_info'].native.isoformat()
            res['hasTimeStamp'] = s['time_stamp'].native is not None
        else:
            sig, cert, alg = bits(s['signature']), tbs['cert'].native, tbs['signature_algorithm'].dotted
            res['timeInfo'] = bits(tbs['time_info']).hex()
        res['alg'] = alg
        with open(os.path.join(out, 'sig.bin'), 'wb') as f:
            f.write(sig)
        with open(os.path.join(out, 'signer_cert.der'), 'wb') as f:
            f.write(cert)
    print(json.dumps(res))


main()
