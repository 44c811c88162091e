// Runs anywhere (pure, dependency-free: the UI strings import it). The kinds of checklist items and their
// names, as the UI and the CLI show an item without a title of its own.
export const CHECKLIST_KINDS = ['bid-letter', 'authorization', 'commercial', 'technical', 'qualification', 'price-list', 'other'] as const;
export const CHECKLIST_KIND_NAMES = {
  zh: { 'bid-letter': '投标函', authorization: '法定代表人授权委托书', commercial: '商务部分', technical: '技术部分', qualification: '资格审查资料', 'price-list': '报价清单', other: '其他材料' },
  en: { 'bid-letter': 'Bid letter', authorization: 'Authorisation letter', commercial: 'Commercial part', technical: 'Technical part', qualification: 'Qualification documents', 'price-list': 'Price list', other: 'Other document' },
} as const satisfies Record<'zh' | 'en', Record<(typeof CHECKLIST_KINDS)[number], string>>;
