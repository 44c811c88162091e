// The tender's text proposes the checklist, the deadline and the opening: chapter headings and clause lists
// in the phrasings of 《标准施工招标文件》 and of government procurement tenders, numbered list styles, dates
// in several formats, running headers and footers, and a text without such a chapter (an empty proposal).
import { describe, expect, it } from 'vitest';
import { cnNumber, dropRunningLines, kindOf, mergeChecklist, proposeFromTender } from '../../../shared/workspace/tender';
import { defaultChecklist } from '../../../shared/workspace/project';

const titles = (p: ReturnType<typeof proposeFromTender>) => p.items.map((i) => i.title);

describe('proposeFromTender: the list', () => {
  it('reads the 投标文件的组成 clause of 投标人须知 with （1） items, wrapped lines joined, the next clause ending it', () => {
    const p = proposeFromTender([
      [
        '3. 投标文件',
        '3.1 投标文件的组成',
        '3.1.1 投标文件应包括下列内容：',
        '（1）投标函及投标函附录；',
        '（2）法定代表人身份证明或附有法定代表人身份证明的授',
        '权委托书；',
        '（3）联合体协议书；',
        '（4）投标保证金；',
        '（5）已标价工程量清单；',
        '（6）施工组织设计；',
        '（7）项目管理机构；',
        '（8）资格审查资料；',
        '（9）投标人须知前附表规定的其他材料。',
        '3.1.2 投标人须知前附表规定不接受联合体投标的，或投标人没有组成联合体的，投标文件不包括本章第3.1.1项第（3）目所指的联合体协议书。',
        '（1）这一项不属于清单',
      ],
    ]);
    expect(p.chapter).toEqual({ heading: '3.1 投标文件的组成', page: 0 });
    expect(titles(p)).toEqual(['投标函及投标函附录', '法定代表人身份证明或附有法定代表人身份证明的授权委托书', '联合体协议书', '投标保证金', '已标价工程量清单', '施工组织设计', '项目管理机构', '资格审查资料', '投标人须知前附表规定的其他材料']);
    expect(p.items.map((i) => i.kind)).toEqual(['bid-letter', 'authorization', 'commercial', 'commercial', 'price-list', 'technical', 'technical', 'qualification', 'other']);
    expect(p.items.find((i) => i.title === '联合体协议书')!.required).toBe(false);
    expect(p.items.filter((i) => i.required)).toHaveLength(8);
  });

  it('prefers the 投标文件格式 chapter (一、 style) to its line in the contents, and stops where the forms begin', () => {
    const p = proposeFromTender([
      ['目 录', '第一章 招标公告 ........ 1', '第二章 投标人须知 ........ 5', '第八章 投标文件格式 ........ 85'],
      [
        '第八章 投标文件格式',
        '某某市政道路改造工程 施工招标',
        '投 标 文 件',
        '投标人：（盖单位章）',
        '目 录',
        '一、投标函及投标函附录 …… 86',
        '二、法定代表人身份证明 …… 88',
        '三、授权委托书 …… 89',
        '四、已标价工程量清单 …… 90',
        '五、施工组织设计 …… 91',
        '六、资格审查资料 …… 95',
        '一、投标函',
        '致：某某市第一中学（招标人名称）',
        '1. 我方已仔细研究了招标文件的全部内容，愿意以人民币（大写）元的投标总报价承包本工程。',
      ],
    ]);
    expect(p.chapter).toEqual({ heading: '第八章 投标文件格式', page: 1 });
    expect(titles(p)).toEqual(['投标函及投标函附录', '法定代表人身份证明', '授权委托书', '已标价工程量清单', '施工组织设计', '资格审查资料']);
    expect(p.items.every((i) => i.page === 1)).toBe(true);
  });

  it('reads "1." "1、" "（一）" "①" and 附件 styles, and a sub-list of another style is not taken', () => {
    for (const [mark, heading] of [
      [(n: number) => `${n}. `, '第六章 响应文件格式'],
      [(n: number) => `${n}、`, '投标文件的构成'],
      [(n: number) => `（${'一二三四'[n - 1]}）`, '第五章 投标文件组成及格式'],
      [(n: number) => '①②③④'[n - 1]!, '二、投标文件的编制'],
      [(n: number) => `附件${n} `, '投标文件格式'],
    ] as const) {
      const p = proposeFromTender([[heading, `${mark(1)}法定代表人身份证明`, '（1）法定代表人身份证复印件', `${mark(2)}营业执照副本`, `${mark(3)}开标一览表`, `${mark(4)}技术偏离表`, '第七章 合同条款']]);
      expect(titles(p), heading).toEqual(['法定代表人身份证明', '营业执照副本', '开标一览表', '技术偏离表']);
      expect(p.items.map((i) => i.kind)).toEqual(['authorization', 'qualification', 'price-list', 'technical']);
    }
  });

  it('reads a government procurement tender: 第六章 投标文件格式 with its forms, the 前附表 dates as a table read row by row', () => {
    const p = proposeFromTender([
      ['第一章 投标邀请', '四、提交投标文件截止时间、开标时间和地点', '提交投标文件截止时间：2026年12月21日 14:30（北京时间）', '开标时间：2026年12月21日 14:30（北京时间）', '五、其他补充事宜'],
      ['第二章 投标人须知前附表', '条款号', '内容', '23.1', '投标截止时间', '2026 年 12 月 21 日 14 时 30 分'],
      [
        '第六章 投标文件格式',
        '格式一：投标函',
        '格式二：开标一览表',
        '格式三：分项报价表',
        '格式四：技术和服务要求响应表',
        '格式五：商务条款响应表',
        '格式六：法定代表人（单位负责人）身份证明',
        '格式七：授权委托书',
        '格式八：资格证明文件（如有）',
        '格式九：中小企业声明函',
        '格式一：投标函',
        '致：某某市政府采购中心',
      ],
    ]);
    expect(p.chapter).toEqual({ heading: '第六章 投标文件格式', page: 2 });
    expect(titles(p)).toEqual(['投标函', '开标一览表', '分项报价表', '技术和服务要求响应表', '商务条款响应表', '法定代表人（单位负责人）身份证明', '授权委托书', '资格证明文件（如有）', '中小企业声明函']);
    expect(p.items.map((i) => i.kind)).toEqual(['bid-letter', 'price-list', 'price-list', 'technical', 'commercial', 'authorization', 'authorization', 'qualification', 'commercial']);
    expect(p.items[7]!.required).toBe(false);
    expect(p.deadline).toEqual({ iso: '2026-12-21T14:30:00+08:00', source: '提交投标文件截止时间：2026年12月21日 14:30', page: 0 });
    expect(p.opening?.iso).toBe('2026-12-21T14:30:00+08:00');
  });

  it('reads a contents table of the bid (序号, name, page as pdf.js joins a row)', () => {
    const p = proposeFromTender([['投标文件目录', '序号 内容 页码', '1 投标函 1', '2 法定代表人身份证明 3', '3 授权委托书 4', '4 报价一览表 5', '5 技术方案 6', '第七章 合同条款']]);
    expect(titles(p)).toEqual(['投标函', '法定代表人身份证明', '授权委托书', '报价一览表', '技术方案']);
  });

  it('reads an inline list: 投标文件由…组成', () => {
    const p = proposeFromTender([['3.1 投标文件的组成', '投标文件由资格证明文件、商务文件、技术文件及报价文件组成。']]);
    expect(titles(p)).toEqual(['资格证明文件', '商务文件', '技术文件', '报价文件']);
    expect(p.items.map((i) => i.kind)).toEqual(['qualification', 'commercial', 'technical', 'price-list']);
  });

  it('drops running headers, footers and page numbers, so a list goes on across a page break', () => {
    const header = '某某市政道路改造工程施工招标文件';
    const pages = [
      [header, '第一章 招标公告', '1. 招标条件', '第 1 页 共 4 页'],
      [header, '第二章 投标人须知', '3.1 投标文件的组成', '（1）投标函；', '（2）授权委托书；', '第 2 页 共 4 页'],
      [header, '（3）投标保证金；', '（4）施工组织设计。', '3.2 投标报价', '第 3 页 共 4 页'],
      [header, '第八章 投标文件格式', '- 4 -'],
    ];
    expect(dropRunningLines(pages)[2]).toEqual(['（3）投标保证金；', '（4）施工组织设计。', '3.2 投标报价']);
    expect(dropRunningLines(pages)[0]![0]).toBe(header); // kept where it first appears
    const p = proposeFromTender(pages);
    expect(titles(p)).toEqual(['投标函', '授权委托书', '投标保证金', '施工组织设计']);
    expect(p.items.map((i) => i.page)).toEqual([1, 1, 2, 2]);
  });

  it("a chapter's name repeated as the page header does not cut a list that runs over pages", () => {
    const pages = [
      ['第二章 投标人须知', '3.1 投标文件的组成', '（1）投标函；', '（2）授权委托书；', '1'],
      ['第二章 投标人须知', '（3）投标保证金；', '（4）已标价工程量清单；', '2'],
      ['第二章 投标人须知', '（5）施工组织设计。', '3.2 投标报价', '3'],
    ];
    expect(titles(proposeFromTender(pages))).toEqual(['投标函', '授权委托书', '投标保证金', '已标价工程量清单', '施工组织设计']);
  });

  it('a text without such a chapter proposes nothing, and says so by an empty list (not a failure)', () => {
    expect(proposeFromTender([['第一章 总则', '1. 本办法适用于本单位。', '2. 本办法自发布之日起施行。']])).toEqual({ pages: 1, items: [] });
    expect(proposeFromTender([])).toEqual({ pages: 0, items: [] });
    expect(proposeFromTender([['投标文件格式']])).toEqual({ pages: 1, items: [] });
  });
});

describe('proposeFromTender: deadline and opening (Beijing time)', () => {
  const at = (...lines: string[]) => proposeFromTender([lines]);
  it.each([
    ['投标截止时间：2026年12月20日9时30分', '2026-12-20T09:30:00+08:00'],
    ['投标截止时间：2026-12-20 09:30', '2026-12-20T09:30:00+08:00'],
    ['投标截止时间：2026 年 12 月 20 日 上午 9:30（北京时间）', '2026-12-20T09:30:00+08:00'],
    ['投标文件递交的截止时间（投标截止时间，下同）为2026年12月20日（星期日）下午2时30分，地点为…', '2026-12-20T14:30:00+08:00'],
    ['递交投标文件截止时间：北京时间2026/12/1 14:00', '2026-12-01T14:00:00+08:00'],
    ['响应文件提交截止时间：二〇二六年十二月二十日九时整', '2026-12-20T09:00:00+08:00'],
    ['投标截止时间', '2026年12月20日09:30'],
  ])('%s', (line, expected) => {
    const [a, b] = expected.includes('T') ? [[line], expected] : [[line, expected], '2026-12-20T09:30:00+08:00'];
    expect(at(...a).deadline?.iso).toBe(b);
  });

  it('reads the opening on its own, or as the deadline where the tender says so', () => {
    const p = at('投标截止时间：2026年12月20日9时30分', '开标时间：2026年12月20日10时00分', '开标地点：某市公共资源交易中心');
    expect(p.deadline?.iso).toBe('2026-12-20T09:30:00+08:00');
    expect(p.opening?.iso).toBe('2026-12-20T10:00:00+08:00');
    expect(p.opening?.source).toBe('开标时间：2026年12月20日10时00分');
    const q = at('投标截止时间：2026年12月20日9时30分', '开标时间：同投标截止时间');
    expect(q.opening).toEqual({ iso: '2026-12-20T09:30:00+08:00', source: '开标时间：同投标截止时间', page: 0 });
  });

  it('takes no other deadline for the bid deadline, and no date that does not exist', () => {
    const p = at('报名截止时间：2026年11月1日17:00', '质疑截止时间：2026年11月5日17:00', '投标截止时间：2026年2月30日9:30');
    expect(p.deadline).toBeUndefined();
    expect(at('在投标截止时间前。2026年12月20日9时30分').deadline).toBeUndefined();
  });
});

describe('helpers', () => {
  it('Chinese numbers', () => {
    expect([cnNumber('十一'), cnNumber('二十'), cnNumber('三'), cnNumber('二〇二六'), cnNumber('十'), cnNumber('二十五'), cnNumber('x')]).toEqual([11, 20, 3, 2026, 10, 25, undefined]);
  });
  it('kinds', () => {
    expect(['投标函', '磋商响应函', '法定代表人授权书', '分项报价表', '商务偏离表', '类似项目业绩', '售后服务方案', '中小企业声明函', '其他'].map(kindOf)).toEqual(['bid-letter', 'bid-letter', 'authorization', 'price-list', 'commercial', 'qualification', 'technical', 'commercial', 'other']);
  });
  it('merges into the checklist without duplicating: a default item takes the name, an existing name is not added again', () => {
    const names: Record<string, string> = { 'bid-letter': '投标函', authorization: '法定代表人授权委托书', commercial: '商务部分', technical: '技术部分', qualification: '资格审查资料', 'price-list': '报价清单', other: '其他材料' };
    const titleOf = (i: { kind: string; title?: string }) => i.title ?? names[i.kind]!;
    const base = defaultChecklist();
    base[0]!.fileIds = ['a'.repeat(32)];
    const proposed = [
      { title: '投标函及投标函附录', kind: 'bid-letter', required: true },
      { title: '资格审查资料', kind: 'qualification', required: true },
      { title: '授权委托书', kind: 'authorization', required: true },
      { title: '法定代表人身份证明', kind: 'authorization', required: true },
      { title: '联合体协议书', kind: 'commercial', required: false },
    ] as const;
    const once = mergeChecklist(base, proposed, titleOf);
    expect(once.map((i) => [i.id, titleOf(i), i.required])).toEqual([
      ['bid-letter', '投标函及投标函附录', true],
      ['authorization', '授权委托书', true],
      ['commercial', '联合体协议书', false],
      ['technical', '技术部分', true],
      ['qualification', '资格审查资料', true],
      ['price-list', '报价清单', true],
      ['authorization-1', '法定代表人身份证明', true],
    ]);
    expect(once[0]!.fileIds).toEqual(['a'.repeat(32)]);
    expect(mergeChecklist(once, proposed, titleOf)).toEqual(once);
    // a name the user widened still covers the tender's entry; a short default name does not swallow a longer entry
    const widened = once.map((i) => (i.id === 'qualification' ? { ...i, title: '资格审查资料（含营业执照、资质证书）' } : i));
    expect(mergeChecklist(widened, [{ title: '资格审查资料', kind: 'qualification', required: true }], titleOf)).toEqual(widened);
    expect(mergeChecklist(defaultChecklist(), [{ title: '技术部分评分索引表', kind: 'technical', required: true }], titleOf)[3]).toMatchObject({ id: 'technical', title: '技术部分评分索引表' });
  });
});
