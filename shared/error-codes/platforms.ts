// Runs anywhere (pure). Error codes of the platforms domain (platform directory, user-added platforms,
// usage statistics) with their zh-CN and en-US messages; shared/errors.ts joins every domain's table.
export const PLATFORMS_ERRORS = {
  E_PLATFORM_UNKNOWN: { zh: '未知的交易平台（不在平台目录中，也不是自定义平台）', en: 'Unknown platform (not in the platform directory nor added by you)' },
  E_DIRECTORY_SIGNATURE_INVALID: {
    zh: '平台目录数据包签名无效：数据被篡改，或不是由受信任的目录密钥签发，已拒绝',
    en: 'The platform directory bundle signature is invalid: the data was altered or not signed by a pinned directory key; rejected',
  },
  E_DIRECTORY_NOT_NEWER: { zh: '平台目录数据包的版本不高于当前版本，未替换', en: 'The platform directory bundle is not newer than the current one; nothing was replaced' },
  E_DIRECTORY_INVALID: { zh: '平台目录数据包格式无效', en: 'The platform directory bundle is malformed' },
  E_DIRECTORY_MISSING: { zh: '未找到随软件发布的平台目录数据包，请重新安装 BidSeal', en: 'The platform directory shipped with BidSeal is missing; reinstall BidSeal' },
  E_PLATFORM_CUSTOM_INVALID: { zh: '自定义平台信息无效', en: 'The custom platform data is invalid' },
  E_PLATFORM_CUSTOM_EXISTS: { zh: '已存在同名或相同标识的平台', en: 'A platform with this name or id already exists' },
  E_PLATFORM_NOT_CUSTOM: { zh: '只能删除自己添加的平台，目录中的平台不能删除', en: 'Only platforms you added can be removed; directory platforms cannot' },
  E_STATS_SOURCE: { zh: '读取投标文件生成记录失败，无法统计', en: 'Could not read the bid generation history for the statistics' },
} as const satisfies Record<`E_${string}`, { zh: string; en: string }>;
