// Runs in Node. `bidseal doctor`: what this machine has for BidSeal (support staff ask for it).
import type { CommandBody } from '../framework';
import { doctor } from '../../services/app/doctor';
import { wasmAccelerationStatus } from '../../../shared/crypto/sm4-wasm';
import { sm2WasmStatus } from '../../../shared/crypto/sm2-wasm';

export const doctorCommand: CommandBody = {
  usage: 'doctor [--json]',
  json: true,
  async run(ctx) {
    const r = { ...doctor(), cryptoAcceleration: wasmAccelerationStatus(), sm2Acceleration: sm2WasmStatus() };
    const accel = r.cryptoAcceleration;
    const sm2 = r.sm2Acceleration;
    if (ctx.json) return ctx.printJson(r);
    if (ctx.io.lang === 'zh') {
      const yes = (b: boolean) => (b ? '有' : '无');
      ctx.print(`Node.js            ${r.node}（${r.platform}）`);
      ctx.print(`Electron 软件包    ${r.electron.installed ? r.electron.version : '未安装'}；可执行文件：${yes(r.electron.binaryPresent)}${r.electron.binaryPresent ? '' : '（npm start 将改用本地浏览器模式）'}`);
      ctx.print(`SM4/SM3 加速       ${accel.available ? `WebAssembly ${accel.variant}` : `未启用（${accel.reason ?? ''}），使用 TypeScript 实现`}`);
      ctx.print(`SM2 加速           ${sm2.available ? 'WebAssembly' : `未启用（${sm2.reason ?? ''}），使用 TypeScript 实现`}`);
      ctx.print(`PKCS#11 驱动       ${r.pkcs11Modules.length ? '' : '未找到'}`);
      for (const m of r.pkcs11Modules) ctx.print(`  ${m.label.padEnd(16)} ${m.path}`);
      ctx.print('系统工具');
      for (const t of r.tools) ctx.print(`  ${t.name.padEnd(16)} ${t.found ? (t.version ?? '已安装') : `缺少 — ${t.installHint}`}`);
      return;
    }
    const yes = (b: boolean) => (b ? 'yes' : 'no');
    ctx.print(`Node.js            ${r.node} (${r.platform})`);
    ctx.print(`Electron package   ${r.electron.installed ? r.electron.version : 'not installed'}; binary present: ${yes(r.electron.binaryPresent)}${r.electron.binaryPresent ? '' : ' (npm start falls back to the Node host)'}`);
    ctx.print(`SM4/SM3 fast path  ${accel.available ? `WebAssembly ${accel.variant}` : `off (${accel.reason ?? ''}); the TypeScript code runs`}`);
    ctx.print(`SM2 fast path      ${sm2.available ? 'WebAssembly' : `off (${sm2.reason ?? ''}); the TypeScript code runs`}`);
    ctx.print(`PKCS#11 modules    ${r.pkcs11Modules.length ? '' : 'none found'}`);
    for (const m of r.pkcs11Modules) ctx.print(`  ${m.label.padEnd(16)} ${m.path}`);
    ctx.print('Tools');
    for (const t of r.tools) ctx.print(`  ${t.name.padEnd(16)} ${t.found ? (t.version ?? 'found') : `missing — ${t.installHint}`}`);
  },
};
