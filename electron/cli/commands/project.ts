// Runs in Node. `bidseal project checklist-from-tender TENDER.pdf|.docx`: what the tender document proposes
// for the bid project — the checklist from its 投标文件格式 / 投标文件的组成 chapter, the bid deadline and the
// opening in Beijing time — as the project page proposes it (electron/services/workspace/tender.ts).
import type { Command, CommandBody } from '../framework';
import { readTender } from '../../services/workspace/tender';
import { formatBeijingTime } from '../../../shared/bid/beijing-time';
import { CHECKLIST_KIND_NAMES } from '../../../shared/workspace/project';

const L = {
  zh: { chapter: '来源章节', none: '未找到“投标文件格式”或“投标文件的组成”章节，没有可建议的材料项', items: '建议的材料清单', page: '第 {n} 页', optional: '（可选）', deadline: '投标截止时间', opening: '开标时间', notStated: '招标文件中未写明', from: '依据' },
  en: { chapter: 'From the chapter', none: 'No “投标文件格式” or “投标文件的组成” chapter found; no items to propose', items: 'Proposed checklist', page: 'page {n}', optional: ' (optional)', deadline: 'Bid deadline', opening: 'Bid opening', notStated: 'not stated in the tender document', from: 'from' },
} as const;

const checklistFromTender: Command = {
  name: 'checklist-from-tender',
  summary: 'Propose the checklist, the bid deadline and the opening from a tender document (PDF or .docx)',
  usage: 'project checklist-from-tender TENDER.pdf|TENDER.docx [--json]',
  details: ['TENDER          the tender document (招标文件) as a PDF with a text layer or a Word .docx (a .doc: save it as .docx or PDF)'],
  positionals: { min: 1, max: 1 },
  json: true,
  async run(ctx) {
    const r = await readTender(ctx.positionals[0]!);
    if (ctx.json) return void ctx.printJson(r);
    const t = L[ctx.io.lang];
    const page = (n: number) => (r.format === 'pdf' ? ` · ${t.page.replace('{n}', String(n + 1))}` : '');
    if (r.chapter) {
      ctx.print(`${t.chapter}: ${r.chapter.heading}${page(r.chapter.page)}`);
      ctx.print(`${t.items}:`);
      r.items.forEach((it, i) => ctx.print(`  ${String(i + 1).padStart(2)}. ${it.title}${it.required ? '' : t.optional}  [${CHECKLIST_KIND_NAMES[ctx.io.lang][it.kind]}]${page(it.page)}`));
    } else ctx.print(t.none);
    for (const [label, v] of [[t.deadline, r.deadline], [t.opening, r.opening]] as const) {
      ctx.print(v ? `${label}: ${formatBeijingTime(new Date(v.iso), ctx.io.lang)}  (${t.from}: “${v.source}”${page(v.page)})` : `${label}: ${t.notStated}`);
    }
  },
};

export const projectCommand: CommandBody = {
  usage: 'project <command> [options]',
  subcommands: [checklistFromTender],
};
