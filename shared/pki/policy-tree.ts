// Runs anywhere (pure). Certificate-policy processing of RFC 5280 §6.1: the valid_policy_tree with policy
// mappings, policy constraints and inhibitAnyPolicy, driven certificate by certificate from the trust anchor.
// The steps are named after the RFC's paragraphs so the code can be read against the text.
import type { CertExtensions } from './x509-ext';

export const ANY_POLICY = '2.5.29.32.0';

interface Node {
  policy: string;
  qualifiers?: Uint8Array;
  expected: Set<string>;
  parent: Node | null;
  children: Node[];
}

export interface PolicyInputs {
  /** user-initial-policy-set; default {anyPolicy} */
  initialPolicySet?: string[];
  initialExplicitPolicy?: boolean;
  initialPolicyMappingInhibit?: boolean;
  initialAnyPolicyInhibit?: boolean;
}

export interface PolicyOutcome {
  ok: boolean;
  /** the policies the leaf is valid for (user-constrained-policy-set); ['2.5.29.32.0'] = any */
  policies: string[];
  /** true when an explicit policy was required (by the caller or by a CA in the path) */
  explicitRequired: boolean;
}

export class PolicyProcessor {
  private levels: Node[][];
  private explicit: number;
  private mapping: number;
  private inhibitAny: number;
  private failedAt: number | null = null;
  private readonly initial: string[];

  /** `n`: number of certificates in the path, trust anchor excluded. */
  constructor(
    private readonly n: number,
    inputs: PolicyInputs,
  ) {
    const root: Node = { policy: ANY_POLICY, expected: new Set([ANY_POLICY]), parent: null, children: [] };
    this.levels = [[root]];
    this.explicit = inputs.initialExplicitPolicy ? 0 : n + 1;
    this.mapping = inputs.initialPolicyMappingInhibit ? 0 : n + 1;
    this.inhibitAny = inputs.initialAnyPolicyInhibit ? 0 : n + 1;
    this.initial = inputs.initialPolicySet?.length ? inputs.initialPolicySet : [ANY_POLICY];
  }

  private get treeNull(): boolean {
    return this.levels.length === 0;
  }

  private remove(node: Node, depth: number): void {
    for (const c of [...node.children]) this.remove(c, depth + 1);
    if (node.parent) node.parent.children = node.parent.children.filter((x) => x !== node);
    const lvl = this.levels[depth];
    if (lvl) this.levels[depth] = lvl.filter((x) => x !== node);
  }

  /** Deletes childless nodes above `depth`, bottom-up; the tree becomes NULL when the root goes. */
  private prune(depth: number): void {
    for (let d = depth - 1; d >= 0; d--) {
      for (const node of [...(this.levels[d] ?? [])]) if (node.children.length === 0) this.remove(node, d);
    }
    if (!this.levels[0]?.length) this.levels = [];
  }

  /**
   * §6.1.3 (d)–(f) for certificate number `i` (1 = issued by the anchor … n = leaf). Returns false when
   * (f) fails (no valid policy while an explicit policy is required).
   */
  processCertificate(i: number, ext: CertExtensions, selfIssued: boolean): boolean {
    const pol = ext.policies;
    if (pol && !this.treeNull) {
      const prev = this.levels[i - 1] ?? [];
      const next: Node[] = [];
      const add = (parent: Node, policy: string, qualifiers: Uint8Array | undefined, expected: Set<string>) => {
        const node: Node = { policy, qualifiers, expected, parent, children: [] };
        parent.children.push(node);
        next.push(node);
      };
      // (d)(1)
      for (const p of pol) {
        if (p.oid === ANY_POLICY) continue;
        const matches = prev.filter((node) => node.expected.has(p.oid));
        if (matches.length) for (const m of matches) add(m, p.oid, p.qualifiers, new Set([p.oid]));
        else for (const m of prev.filter((node) => node.policy === ANY_POLICY)) add(m, p.oid, p.qualifiers, new Set([p.oid]));
      }
      // (d)(2)
      const any = pol.find((p) => p.oid === ANY_POLICY);
      if (any && (this.inhibitAny > 0 || (i < this.n && selfIssued))) {
        for (const node of prev) {
          for (const e of node.expected) {
            if (!node.children.some((c) => c.policy === e)) add(node, e, any.qualifiers, new Set([e]));
          }
        }
      }
      this.levels[i] = next;
      // (d)(3)
      this.prune(i);
    } else if (!pol) {
      // (e)
      this.levels = [];
    }
    // (f)
    if (this.explicit <= 0 && this.treeNull) {
      this.failedAt ??= i;
      return false;
    }
    return true;
  }

  /** §6.1.4 (a), (b), (h)–(j) for an intermediate certificate `i`. False when (a) fails (anyPolicy mapped). */
  prepareNext(i: number, ext: CertExtensions, selfIssued: boolean): boolean {
    const maps = ext.policyMappings ?? [];
    if (maps.some((m) => m.issuer === ANY_POLICY || m.subject === ANY_POLICY)) return false;
    if (maps.length && !this.treeNull) {
      const byIssuer = new Map<string, Set<string>>();
      for (const m of maps) byIssuer.set(m.issuer, (byIssuer.get(m.issuer) ?? new Set()).add(m.subject));
      for (const [idp, subjects] of byIssuer) {
        const level = this.levels[i] ?? [];
        if (this.mapping > 0) {
          // (b)(1)
          const hits = level.filter((n) => n.policy === idp);
          if (hits.length) for (const h of hits) h.expected = new Set(subjects);
          else {
            const anyNode = level.find((n) => n.policy === ANY_POLICY);
            if (anyNode?.parent) {
              const node: Node = { policy: idp, qualifiers: anyNode.qualifiers, expected: new Set(subjects), parent: anyNode.parent, children: [] };
              anyNode.parent.children.push(node);
              level.push(node);
            }
          }
        } else {
          // (b)(2)
          for (const h of level.filter((n) => n.policy === idp)) this.remove(h, i);
          this.prune(i);
        }
      }
    }
    // (h)
    if (!selfIssued) {
      if (this.explicit > 0) this.explicit--;
      if (this.mapping > 0) this.mapping--;
      if (this.inhibitAny > 0) this.inhibitAny--;
    }
    // (i)
    const pc = ext.policyConstraints;
    if (pc?.requireExplicit !== undefined && pc.requireExplicit < this.explicit) this.explicit = pc.requireExplicit;
    if (pc?.inhibitMapping !== undefined && pc.inhibitMapping < this.mapping) this.mapping = pc.inhibitMapping;
    // (j)
    if (ext.inhibitAnyPolicy !== null && ext.inhibitAnyPolicy < this.inhibitAny) this.inhibitAny = ext.inhibitAnyPolicy;
    return true;
  }

  /** §6.1.5 (a), (b), (g) after the leaf (certificate n). */
  wrapUp(leafExt: CertExtensions): PolicyOutcome {
    if (this.explicit > 0) this.explicit--;
    if (leafExt.policyConstraints?.requireExplicit === 0) this.explicit = 0;
    const explicitRequired = this.explicit === 0;
    const n = this.n;
    if (!this.treeNull && !this.initial.includes(ANY_POLICY)) {
      // (g)(iii)
      const allNodes = this.levels.flatMap((lvl, d) => lvl.map((node) => ({ node, d })));
      const vpns = allNodes.filter(({ node }) => node.parent?.policy === ANY_POLICY);
      for (const { node, d } of vpns) if (node.policy !== ANY_POLICY && !this.initial.includes(node.policy)) this.remove(node, d);
      const leafAny = (this.levels[n] ?? []).find((x) => x.policy === ANY_POLICY);
      if (leafAny) {
        const present = new Set(vpns.filter(({ node, d }) => this.levels[d]?.includes(node)).map(({ node }) => node.policy));
        for (const p of this.initial) {
          if (present.has(p) || !leafAny.parent) continue;
          const node: Node = { policy: p, qualifiers: leafAny.qualifiers, expected: new Set([p]), parent: leafAny.parent, children: [] };
          leafAny.parent.children.push(node);
          this.levels[n].push(node);
        }
        this.remove(leafAny, n);
      }
      this.prune(n);
    }
    const leafPolicies = this.treeNull ? [] : (this.levels[n] ?? []).map((x) => x.policy);
    const ok = this.failedAt === null && (this.explicit > 0 || !this.treeNull);
    return { ok, policies: [...new Set(leafPolicies)], explicitRequired };
  }
}
