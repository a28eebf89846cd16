/**
 * The house rules of src/ that a reviewer would otherwise check by hand:
 * the ground floor (core/) imports nothing above it, modules import each
 * other one way only, SQL lives in repositories and core/database, and no
 * source file grows past what a person reads in one sitting.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SRC = resolve(__dirname, '../src');
const MAX_LINES = 400;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === '__tests__' ? [] : sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** The module a file belongs to: its first folder under src/, or `app` for the files at the top. */
function moduleOf(file: string): string {
  const rel = relative(SRC, file).split('/');
  return rel.length === 1 ? 'app' : rel[0];
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]);
  return specs.map((s) => resolve(dirname(file), s)).filter((p) => p.startsWith(SRC + '/'));
}

const files = sourceFiles(SRC);

/** Module → modules it imports. */
function moduleGraph(): Map<string, Map<string, string[]>> {
  const graph = new Map<string, Map<string, string[]>>();
  for (const file of files) {
    const from = moduleOf(file);
    for (const target of importsOf(file)) {
      const to = moduleOf(target + '.ts');
      if (to === from) continue;
      const edges = graph.get(from) ?? new Map<string, string[]>();
      edges.set(to, [...(edges.get(to) ?? []), relative(SRC, file)]);
      graph.set(from, edges);
    }
  }
  return graph;
}

/** Strongly connected components with more than one module: the cycles (Tarjan). */
function cycles(graph: Map<string, Map<string, string[]>>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

describe('architecture of src/', () => {
  const graph = moduleGraph();

  it('core/ imports no domain module', () => {
    const up = [...(graph.get('core')?.entries() ?? [])].map(([to, by]) => `core → ${to} (${by.join(', ')})`);
    expect(up).toEqual([]);
  });

  it('has no cycle between modules', () => {
    const found = cycles(graph).map((scc) => {
      const arrows = scc.flatMap((a) => scc.filter((b) => graph.get(a)?.has(b)).map((b) => `${a} → ${b} (${graph.get(a)!.get(b)![0]})`));
      return `${scc.join(' ↔ ')}: ${arrows.join('; ')}`;
    });
    expect(found).toEqual([]);
  });

  it('issues SQL only from repositories and core/database', () => {
    const offenders = files
      .filter((f) => !f.endsWith('.repository.ts') && !relative(SRC, f).startsWith('core/database/'))
      .filter((f) => /createQueryBuilder\(|\.query\(/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(SRC, f));
    expect(offenders).toEqual([]);
  });

  it(`keeps every source file within ${MAX_LINES} lines`, () => {
    const long = files
      .map((f) => ({ file: relative(SRC, f), lines: readFileSync(f, 'utf8').split('\n').length }))
      .filter((x) => x.lines > MAX_LINES)
      .map((x) => `${x.file}: ${x.lines}`);
    expect(long).toEqual([]);
  });
});
