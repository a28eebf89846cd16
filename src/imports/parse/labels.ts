/**
 * A label (or a code) read back as the code it names: dictionaries' labels
 * (产业链, 园区组团 …), the fixed ones (协议类型, 重点项目级别) and the stages.
 * The labels are always passed in by the caller (from the dictionaries and
 * from src/projects/pipeline.ts STAGE_LABELS), never written here. A
 * near-miss is an error that names the nearest label, so that the user fixes
 * the sheet rather than the import guessing.
 */
import type { Stage } from '../../projects/pipeline';
import { compactKey, isNothing, normText } from './text';
import type { Result } from './values';

export interface LabelEntry {
  code: string;
  label: string;
}

/** Edit distance between two short texts (characters, not bytes). */
export function editDistance(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[t.length];
}

/** The label nearest to `text`: one or two characters off (a third of its length at most), or one containing the other. */
export function nearestLabel(text: string, entries: readonly LabelEntry[]): string | null {
  const key = compactKey(text);
  let best: { label: string; score: number } | null = null;
  for (const e of entries) {
    const label = compactKey(e.label);
    const d = editDistance(key, label);
    const limit = Math.max(1, Math.floor(Math.max([...key].length, [...label].length) / 3));
    let score = d <= limit ? d : Infinity;
    if (score === Infinity && key.length >= 2 && label.length >= 2 && (key.includes(label) || label.includes(key))) score = limit + 0.5;
    if (score < (best?.score ?? Infinity)) best = { label: e.label, score };
  }
  return best?.label ?? null;
}

/**
 * The code of the entry whose label (or code) the cell gives, compared with
 * full-width folded, spaces and case ignored. `what` names the list in the
 * message: 「“新材枓”不是产业链中的一项，是否为“新材料”？」.
 */
export function matchLabel(v: unknown, entries: readonly LabelEntry[], what = '可选项'): Result<string> {
  if (isNothing(v)) return { value: null };
  const text = normText(v)!;
  const key = compactKey(text);
  const hit = entries.find((e) => compactKey(e.label) === key) ?? entries.find((e) => compactKey(e.code) === key);
  if (hit) return { value: hit.code };
  const near = nearestLabel(text, entries);
  if (near) return { error: { code: 'unknown_label', message: `“${text}”不是${what}中的一项，是否为“${near}”？`, suggestion: near } };
  const some = entries.slice(0, 6).map((e) => e.label).join('、');
  return { error: { code: 'unknown_label', message: `“${text}”不是${what}中的一项${some ? `（可选：${some}${entries.length > 6 ? '等' : ''}）` : ''}` } };
}

/** Entries of a code → label record, for matchLabel. */
export const entriesOf = (labels: Readonly<Record<string, string>>): LabelEntry[] =>
  Object.entries(labels).map(([code, label]) => ({ code, label }));

/** Words around a stage's name in people's ledgers: 「已签约」, 「洽谈中」, 「开工建设阶段」. */
const STAGE_NOISE = /^(已经|已|正在|在)|(中|阶段|状态|期)$/g;
/** Common names of the stages that are not their labels, by code. */
const STAGE_WORDS: Record<string, Stage> = {
  在谈: 'negotiation', 洽谈: 'negotiation', 谈判: 'negotiation', 接洽: 'visit', 拜访: 'visit', 对接: 'visit', 在洽: 'negotiation',
  签约: 'signed', 签订: 'signed', 开工: 'construction', 在建: 'construction', 建设: 'construction', 动工: 'construction',
  投产: 'production', 竣工投产: 'production', 建成投产: 'production', 达产: 'production',
  暂缓: 'on_hold', 搁置: 'on_hold', 暂停: 'on_hold', 终止: 'dropped', 放弃: 'dropped', 中止: 'dropped',
};

/**
 * A stage from its label (STAGE_LABELS, passed in) or its code; a common
 * wording (已签约, 在建, 洽谈中) is read with a guess that says how.
 */
export function matchStage(v: unknown, labels: Readonly<Record<Stage, string>>): Result<Stage> {
  const entries = entriesOf(labels);
  const exact = matchLabel(v, entries, '项目阶段');
  if (!exact.error) return exact as Result<Stage>;
  const text = normText(v)!;
  const whole = compactKey(text);
  const key = whole.replace(STAGE_NOISE, '');
  const byLabel = entries.find((e) => compactKey(e.label) === key);
  const code = STAGE_WORDS[whole] ?? (byLabel?.code as Stage | undefined) ?? STAGE_WORDS[key];
  if (code) return { value: code, guess: `阶段“${text}”按“${labels[code]}”计` };
  return exact as Result<Stage>;
}

/**
 * 重点项目 as the 台账 writes it: 「是（市级）」, 「是」, 「否」, or a level alone
 * (「区级」, 「市级重点」). `levels` are the level labels (KEY_PROJECT_LEVEL_LABELS).
 */
export function parseKeyProject(v: unknown, levels: readonly LabelEntry[]): Result<{ isKeyProject: boolean; keyProjectLevel: string | null }> {
  if (normText(v) === null && typeof v !== 'boolean') return { value: null };
  if (typeof v === 'boolean') return { value: { isKeyProject: v, keyProjectLevel: null } };
  const text = normText(v)!;
  const key = compactKey(text);
  const inner = /^(.*?)[(（](.*)[)）]$/.exec(key);
  const head = inner ? inner[1] : key;
  const levelText = inner ? inner[2] : null;
  const level = (t: string) => levels.find((l) => compactKey(l.label) === t || compactKey(l.code) === t || `${compactKey(l.label)}重点` === t || `${compactKey(l.label)}重点项目` === t);
  if (['是', 'y', 'yes', '√', '1', 'true', '重点', '重点项目'].includes(head)) {
    if (!levelText) return { value: { isKeyProject: true, keyProjectLevel: null } };
    const l = level(levelText);
    if (l) return { value: { isKeyProject: true, keyProjectLevel: l.code } };
    return matchLabel(levelText, levels, '重点项目级别') as Result<never>;
  }
  if (['否', 'n', 'no', '×', '0', 'false', '非重点', '无', '-', '/'].includes(key)) return { value: { isKeyProject: false, keyProjectLevel: null } };
  const l = level(key);
  if (l) return { value: { isKeyProject: true, keyProjectLevel: l.code } };
  return { error: { code: 'invalid_bool', message: `“${text}”应为“是”“否”或“是（${levels.map((x) => x.label).join('/')}）”` } };
}
