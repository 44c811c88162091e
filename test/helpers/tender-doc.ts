// Runs in Node (tests). A sample 招标文件 written for the tests, in the shape of 《标准施工招标文件》: a notice
// with the deadline, 投标人须知 with its 投标文件的组成 clause, and the 投标文件格式 chapter with its contents
// list; every page carries the same running header and a "第 n 页 共 N 页" footer. As a PDF (Noto Sans SC
// subset embedded, through the same writer as the seal-by-text sample) and as a .docx (WordprocessingML in a
// deflated ZIP, the list auto-numbered as Word writes it, the key dates in a table).
import { zipSync, strToU8 } from 'fflate';
import { sealDocPdf } from './seal-doc';

export const TENDER_HEADER = '某市政道路改造工程施工招标文件';
export const TENDER_ITEMS = ['投标函及投标函附录', '法定代表人身份证明', '授权委托书', '投标保证金', '已标价工程量清单', '施工组织设计', '资格审查资料'];
export const TENDER_DEADLINE = '2026-12-20T09:30:00+08:00';

const BODY: string[][] = [
  ['第一章 招标公告', '1. 招标条件', '本招标项目某市政道路改造工程已由某市发展和改革委员会批准建设。', '4. 投标文件的递交', '4.1 投标文件递交的截止时间（投标截止时间，下同）为', '2026年12月20日9时30分，地点为某市公共资源交易中心。', '开标时间：同投标截止时间'],
  ['第二章 投标人须知', '3. 投标文件', '3.1 投标文件的组成', '3.1.1 投标文件应包括下列内容：', '（1）投标函及投标函附录；', '（2）法定代表人身份证明；', '（3）授权委托书；', '（4）投标保证金；', '（5）已标价工程量清单；'],
  ['（6）施工组织设计；', '（7）资格审查资料。', '3.1.2 投标人须知前附表规定不接受联合体投标的，', '投标文件不包括联合体协议书。', '3.2 投标报价'],
  ['第八章 投标文件格式', '目 录', '一、投标函及投标函附录', '二、法定代表人身份证明', '三、授权委托书', '四、投标保证金', '五、已标价工程量清单', '六、施工组织设计', '七、资格审查资料', '一、投标函', '致：某市住房和城乡建设局'],
];

/** The pages of the sample tender as drawn: header, body, footer. */
export const TENDER_PAGES: string[][] = BODY.map((lines, i) => [TENDER_HEADER, ...lines, `第 ${i + 1} 页 共 ${BODY.length} 页`]);

export const tenderPdf = (): Promise<Uint8Array> => sealDocPdf(TENDER_PAGES);

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const para = (text: string, numbered = false) => `<w:p>${numbered ? '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr>' : ''}<w:r><w:t xml:space="preserve">${esc(text)}</w:t></w:r></w:p>`;
const cell = (text: string) => `<w:tc><w:tcPr><w:tcW w:w="3000" w:type="dxa"/></w:tcPr>${para(text)}</w:tc>`;

/** word/document.xml of the sample: a 前附表 row for the dates, the composition as an auto-numbered list. */
export function tenderDocumentXml(): string {
  const body = [
    para(TENDER_HEADER),
    para('第二章 投标人须知'),
    `<w:tbl><w:tr>${cell('条款名称')}${cell('编列内容')}</w:tr><w:tr>${cell('投标截止时间')}${cell('2026-12-20 09:30')}</w:tr><w:tr>${cell('开标时间')}${cell('2026年12月20日上午10:00')}</w:tr></w:tbl>`,
    para('3.1 投标文件的组成'),
    para('3.1.1 投标文件应包括下列内容：'),
    ...TENDER_ITEMS.map((t) => para(`${t}；`, true)),
    para('3.1.2 联合体投标的，投标文件还应包括联合体协议书。'),
  ].join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}<w:sectPr/></w:body></w:document>`;
}

export function tenderDocx(documentXml = tenderDocumentXml()): Uint8Array {
  return zipSync({
    '[Content_Types].xml': strToU8('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
    '_rels/.rels': strToU8('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'),
    'word/document.xml': strToU8(documentXml),
  });
}
