import { ROLES, type Role } from '../../core/auth/roles';
import {
  allowedTargets,
  allowedTargetsFor,
  checkTransition,
  CORRECTOR_ROLES,
  describePipeline,
  isResume,
  type PipelineState,
  type Stage,
  STAGE_DATA,
  stageDataFor,
  STAGES,
  TRANSITIONS,
} from '../pipeline';

const state = (stage: Stage, extra: Partial<PipelineState> = {}): PipelineState => ({
  stage,
  pausedFromStage: null,
  droppedFromStage: null,
  ...extra,
});

/** DOMAIN.md's table, written out independently of pipeline.ts. */
const EXPECTED: Record<Exclude<Stage, 'on_hold' | 'dropped'>, Stage[]> = {
  visit: ['negotiation', 'signed', 'on_hold', 'dropped'],
  negotiation: ['signed', 'on_hold', 'dropped'],
  signed: ['construction', 'on_hold', 'dropped'],
  construction: ['production', 'on_hold', 'dropped'],
  production: [],
};

describe('pipeline transition table', () => {
  describe.each(Object.keys(EXPECTED) as (keyof typeof EXPECTED)[])('from %s', (from) => {
    it.each(STAGES)(`to %s is allowed exactly when DOMAIN.md says so`, (to) => {
      const ok = checkTransition(state(from), to, 'officer').ok;
      expect(ok).toBe(EXPECTED[from].includes(to));
    });
  });

  it('production is final', () => {
    expect(allowedTargets(state('production'))).toEqual([]);
    expect(checkTransition(state('production'), 'dropped', 'admin')).toEqual({ ok: false, reason: 'not_allowed', allowed: [] });
  });

  describe('on_hold', () => {
    it.each(['visit', 'negotiation', 'signed', 'construction'] as Stage[])('resumes only to the stage it was paused from (%s)', (paused) => {
      const s = state('on_hold', { pausedFromStage: paused });
      expect(allowedTargets(s)).toEqual([paused, 'dropped']);
      for (const to of STAGES) {
        expect(checkTransition(s, to, 'officer').ok).toBe(to === paused || to === 'dropped');
      }
    });

    it('requires a reason, expected resume date optional', () => {
      expect(STAGE_DATA.on_hold).toEqual({ required: ['reason'], optional: ['expectedResumeOn'] });
    });
  });

  describe('dropped', () => {
    it.each(['visit', 'negotiation'] as Stage[])('dropped from %s can be reopened to visit or negotiation by a manager or admin', (from) => {
      const s = state('dropped', { droppedFromStage: from });
      for (const role of ROLES) {
        const expected = role === 'manager' || role === 'admin' ? ['visit', 'negotiation'] : [];
        expect(allowedTargetsFor(s, role)).toEqual(expected);
      }
      expect(checkTransition(s, 'visit', 'officer')).toEqual({ ok: false, reason: 'role', onlyRoles: ['manager', 'admin'] });
      expect(checkTransition(s, 'signed', 'admin').ok).toBe(false);
    });

    it.each(['signed', 'construction'] as Stage[])('dropped after signing (from %s) cannot be reopened by anyone', (from) => {
      const s = state('dropped', { droppedFromStage: from });
      for (const role of ROLES) expect(allowedTargetsFor(s, role)).toEqual([]);
      const check = checkTransition(s, 'negotiation', 'admin');
      expect(check).toEqual({ ok: false, reason: 'not_allowed', allowed: [] });
    });

    it('requires a dictionary reason code and a text', () => {
      expect(STAGE_DATA.dropped.required).toEqual(['reasonCode', 'reason']);
    });
  });

  it('signing requires signedOn, contractInvestment and agreementType; contractNo optional', () => {
    expect(STAGE_DATA.signed).toEqual({ required: ['signedOn', 'contractInvestment', 'agreementType'], optional: ['contractNo'] });
    expect(STAGE_DATA.construction.required).toEqual(['constructionStartedOn']);
    expect(STAGE_DATA.production.required).toEqual(['productionStartedOn']);
  });

  it('a refused move lists the stages allowed from here', () => {
    expect(checkTransition(state('negotiation'), 'production', 'admin')).toEqual({
      ok: false,
      reason: 'not_allowed',
      allowed: ['signed', 'on_hold', 'dropped'],
    });
  });

  it('roles without a restriction on the edge all see the same targets', () => {
    const roles: Role[] = ['admin', 'manager', 'officer'];
    for (const r of roles) expect(allowedTargetsFor(state('visit'), r)).toEqual(EXPECTED.visit);
  });

  it('the served description is the same table', () => {
    const d = describePipeline();
    expect(d.stages.map((s) => s.code)).toEqual([...STAGES]);
    for (const row of d.transitions) {
      expect(row.to.map((e) => e.to)).toEqual(TRANSITIONS[row.from as Stage].map((e) => e.to));
    }
  });
  it('GET /pipeline offers only stages (no pseudo-target like “resume”), and a resume edge asks for no data', () => {
    for (const row of describePipeline().transitions) {
      for (const e of row.to) {
        expect(STAGES).toContain(e.to);
        if (e.resume) expect({ to: e.to, requires: e.requires, optional: e.optional }).toEqual({ to: e.to, requires: [], optional: [] });
      }
    }
  });

  it.each(['visit', 'negotiation', 'signed', 'construction'] as Stage[])('for a project paused from %s, the served edges whose guard holds are exactly the allowed targets', (paused) => {
    const s = state('on_hold', { pausedFromStage: paused });
    const row = describePipeline().transitions.find((r) => r.from === 'on_hold')!;
    const holding = row.to.filter((e) => e.guard === null || (e.guard === 'pausedFromThisStage' && e.to === paused));
    expect(holding.map((e) => e.to)).toEqual(allowedTargets(s));
    expect(isResume(s, paused)).toBe(true);
    expect(stageDataFor(s, paused)).toEqual({ required: [], optional: [] });
    expect(isResume(s, 'dropped')).toBe(false);
  });

  it('moving to a stage the project was not paused from is not a resume and takes the stage’s data', () => {
    expect(isResume(state('negotiation'), 'signed')).toBe(false);
    expect(stageDataFor(state('negotiation'), 'signed')).toEqual(STAGE_DATA.signed);
  });

  it('reopening is for the roles that may correct the pipeline (the same that may revert)', () => {
    for (const e of TRANSITIONS.dropped) expect(e.onlyRoles).toBe(CORRECTOR_ROLES);
    expect([...CORRECTOR_ROLES].sort()).toEqual(['admin', 'manager']);
  });
});
