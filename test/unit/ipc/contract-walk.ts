// Test helper: every string a renderer can put into a request of the IPC contract, as "op:field.path"
// (array items as [], union alternatives merged), with the leaf schema that checks it.
import type { z } from 'zod';
import { contract } from '../../../shared/ipc/contract';

export interface Leaf {
  key: string;
  field: string;
  schema: z.ZodType;
}

type Def = { type: string; shape?: Record<string, z.ZodType>; innerType?: z.ZodType; in?: z.ZodType; element?: z.ZodType; options?: z.ZodType[]; valueType?: z.ZodType; left?: z.ZodType; right?: z.ZodType; getter?: () => z.ZodType };

export function requestLeaves(): Leaf[] {
  const out = new Map<string, Leaf>();
  const walk = (s: z.ZodType, op: string, p: string, depth: number) => {
    if (depth > 20) return;
    const d = (s as unknown as { _zod: { def: Def } })._zod.def;
    switch (d.type) {
      case 'object':
        for (const [k, v] of Object.entries(d.shape!)) walk(v, op, p ? `${p}.${k}` : k, depth + 1);
        return;
      case 'optional':
      case 'default':
      case 'nullable':
      case 'readonly':
      case 'prefault':
      case 'nonoptional':
      case 'catch':
        return walk(d.innerType!, op, p, depth + 1);
      case 'pipe':
        return walk(d.in!, op, p, depth + 1);
      case 'array':
        return walk(d.element!, op, `${p}[]`, depth + 1);
      case 'union':
        for (const o of d.options!) walk(o, op, p, depth + 1);
        return;
      case 'record':
        return walk(d.valueType!, op, `${p}{}`, depth + 1);
      case 'intersection':
        walk(d.left!, op, p, depth + 1);
        return walk(d.right!, op, p, depth + 1);
      case 'lazy':
        return walk(d.getter!(), op, p, depth + 1);
      case 'string':
      case 'template_literal':
      case 'any':
      case 'unknown': {
        const key = `${op}:${p}`;
        if (!out.has(key)) out.set(key, { key, field: p.split('.').pop()!.replace(/\[\]|\{\}/g, ''), schema: s });
        return;
      }
      default:
        return; // numbers, booleans, enums, literals: cannot carry a path or a URL
    }
  };
  for (const [op, spec] of Object.entries(contract)) walk(spec.request as z.ZodType, op, '', 0);
  return [...out.values()];
}
