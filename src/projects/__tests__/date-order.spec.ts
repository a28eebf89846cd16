import { type DatedChange, dateOrderProblems, type Stage, type StageDates } from '../pipeline';

const TODAY = '2026-06-15';
const NONE: StageDates = { signedOn: null, constructionStartedOn: null, productionStartedOn: null };
const SIGNED: StageDates = { signedOn: '2026-05-20', constructionStartedOn: null, productionStartedOn: null };
const BUILDING: StageDates = { signedOn: '2026-05-20', constructionStartedOn: '2026-06-01', productionStartedOn: null };

/** 登记日期 of the project in these cases, unless one says otherwise */
const REGISTERED = '2026-01-05';

const problems = (c: Omit<DatedChange, 'today' | 'registeredOn'> & { registeredOn?: string }) =>
  dateOrderProblems({ today: TODAY, registeredOn: REGISTERED, ...c }).map((p) => [p.field, p.code]);
type Move = NonNullable<DatedChange['move']>;
const move = (to: Stage, field: string, on: string, extra: Partial<Move> = {}): Move => ({ to, field, on, previous: null, ...extra });

describe(dateOrderProblems.name, () => {
  describe('a transition', () => {
    it('is in order when dated today or before, after the previous move', () => {
      expect(problems({ current: NONE, move: move('negotiation', 'effectiveOn', '2026-06-01', { previous: { effectiveOn: '2026-05-01', toStage: 'visit' } }) })).toEqual([]);
      expect(problems({ current: NONE, move: move('negotiation', 'effectiveOn', TODAY) })).toEqual([]);
    });

    it('refuses a date after today, naming the field it came in', () => {
      expect(problems({ current: NONE, move: move('negotiation', 'effectiveOn', '2026-06-16') })).toEqual([['effectiveOn', 'in_future']]);
      expect(problems({ current: NONE, move: move('signed', 'signedOn', '2026-06-16') })).toEqual([['signedOn', 'in_future']]);
    });

    it('refuses a date before the previous standing move, and says which move', () => {
      const [p] = dateOrderProblems({ today: TODAY, registeredOn: REGISTERED, current: NONE, move: move('signed', 'signedOn', '2026-05-09', { previous: { effectiveOn: '2026-05-10', toStage: 'negotiation' } }) });
      expect(p).toEqual({ field: 'signedOn', code: 'dates_out_of_order', message: '签约日期（2026-05-09）不能早于上一次变更（2026-05-10 洽谈）' });
    });

    it('allows a move on the same day as the previous one', () => {
      expect(problems({ current: NONE, move: move('signed', 'signedOn', '2026-05-10', { previous: { effectiveOn: '2026-05-10', toStage: 'negotiation' } }) })).toEqual([]);
    });

    it('refuses a construction start before the signing', () => {
      const [p] = dateOrderProblems({ today: TODAY, registeredOn: REGISTERED, current: SIGNED, move: move('construction', 'constructionStartedOn', '2026-05-19') });
      expect(p).toEqual({ field: 'constructionStartedOn', code: 'dates_out_of_order', message: '开工日期（2026-05-19）不能早于签约日期（2026-05-20）' });
      expect(problems({ current: SIGNED, move: move('construction', 'constructionStartedOn', '2026-05-20') })).toEqual([]);
    });

    it('refuses a production start before the construction start', () => {
      expect(problems({ current: BUILDING, move: move('production', 'productionStartedOn', '2026-05-31') })).toEqual([['productionStartedOn', 'dates_out_of_order']]);
      expect(problems({ current: BUILDING, move: move('production', 'productionStartedOn', '2026-06-01') })).toEqual([]);
    });

    it('refuses an expected resume date before the pause', () => {
      expect(problems({ current: NONE, move: move('on_hold', 'effectiveOn', '2026-06-10', { expectedResumeOn: '2026-06-09' }) })).toEqual([['expectedResumeOn', 'dates_out_of_order']]);
      expect(problems({ current: NONE, move: move('on_hold', 'effectiveOn', '2026-06-10', { expectedResumeOn: '2026-06-10' }) })).toEqual([]);
    });

    it('names every problem at once: before the previous move and before the signing', () => {
      const back = { current: SIGNED, move: move('construction', 'constructionStartedOn', '2026-05-01', { previous: { effectiveOn: '2026-05-20', toStage: 'signed' } }) };
      expect(problems(back)).toEqual([['constructionStartedOn', 'dates_out_of_order'], ['constructionStartedOn', 'dates_out_of_order']]);
    });
  });

  describe('a correction of the stage dates (PATCH)', () => {
    it('accepts dates that keep their order', () => {
      expect(problems({ current: BUILDING, entered: { signedOn: '2026-05-30' } })).toEqual([]);
      expect(problems({ current: BUILDING, entered: { signedOn: '2026-06-01', constructionStartedOn: '2026-06-01' } })).toEqual([]);
    });

    it('refuses a signing moved after the construction start, naming the signing', () => {
      const [p] = dateOrderProblems({ today: TODAY, registeredOn: REGISTERED, current: BUILDING, entered: { signedOn: '2026-06-11' } });
      expect(p).toEqual({ field: 'signedOn', code: 'dates_out_of_order', message: '开工日期（2026-06-01）不能早于签约日期（2026-06-11）' });
    });

    it('refuses a construction start moved before the signing, naming the construction start', () => {
      expect(problems({ current: BUILDING, entered: { constructionStartedOn: '2026-05-19' } })).toEqual([['constructionStartedOn', 'dates_out_of_order']]);
    });

    it('refuses a production start before the construction start, and a construction start moved after production', () => {
      const produced = { ...BUILDING, productionStartedOn: '2026-06-10' };
      expect(problems({ current: produced, entered: { productionStartedOn: '2026-05-31' } })).toEqual([['productionStartedOn', 'dates_out_of_order']]);
      expect(problems({ current: produced, entered: { constructionStartedOn: '2026-06-11' } })).toEqual([['constructionStartedOn', 'dates_out_of_order']]);
    });

    it('refuses each corrected date in the future', () => {
      expect(problems({ current: BUILDING, entered: { signedOn: '2026-06-16', constructionStartedOn: '2026-06-17' } })).toEqual([
        ['signedOn', 'in_future'],
        ['constructionStartedOn', 'in_future'],
      ]);
    });

    it('leaves an order it did not touch alone', () => {
      // dates already out of order (entered before the rule) are not this correction's problem
      const odd = { signedOn: '2026-06-05', constructionStartedOn: '2026-06-01', productionStartedOn: null };
      expect(problems({ current: odd, entered: { productionStartedOn: '2026-06-10' } })).toEqual([]);
    });
  });

  describe('the registration (登记日期)', () => {
    it('refuses a move dated before the registration, naming the field and the 登记日期', () => {
      const [p] = dateOrderProblems({ today: TODAY, registeredOn: '2026-03-01', current: NONE, move: move('negotiation', 'effectiveOn', '2026-02-28') });
      expect(p).toEqual({ field: 'effectiveOn', code: 'before_registration', message: '业务日期（2026-02-28）不能早于登记日期（2026-03-01）' });
      expect(problems({ registeredOn: '2026-05-21', current: NONE, move: move('signed', 'signedOn', '2026-05-20') })).toEqual([['signedOn', 'before_registration']]);
    });

    it('allows a move on the day of the registration', () => {
      expect(problems({ registeredOn: '2026-05-20', current: NONE, move: move('signed', 'signedOn', '2026-05-20') })).toEqual([]);
    });

    it('refuses a stage date corrected to before the registration', () => {
      const [p] = dateOrderProblems({ today: TODAY, registeredOn: '2026-05-10', current: SIGNED, entered: { signedOn: '2026-05-09' } });
      expect(p).toEqual({ field: 'signedOn', code: 'before_registration', message: '签约日期（2026-05-09）不能早于登记日期（2026-05-10）' });
    });

    it('a corrected registration may not be in the future, nor after a stage date or the first move', () => {
      expect(problems({ current: NONE, entered: { createdOn: '2026-06-16' } })).toEqual([['createdOn', 'in_future']]);
      const [afterSigning] = dateOrderProblems({ today: TODAY, registeredOn: REGISTERED, current: SIGNED, entered: { createdOn: '2026-05-21' } });
      expect(afterSigning).toEqual({ field: 'createdOn', code: 'before_registration', message: '登记日期（2026-05-21）不能晚于签约日期（2026-05-20）' });
      const first = { effectiveOn: '2026-04-01', toStage: 'negotiation' as const };
      const [afterMove] = dateOrderProblems({ today: TODAY, registeredOn: REGISTERED, current: NONE, entered: { createdOn: '2026-04-02' }, firstMove: first });
      expect(afterMove).toEqual({ field: 'createdOn', code: 'before_registration', message: '登记日期（2026-04-02）不能晚于第一次阶段变更（洽谈）的日期（2026-04-01）' });
      expect(problems({ current: SIGNED, entered: { createdOn: '2026-04-01' }, firstMove: first })).toEqual([]);
    });

    it('leaves stage dates before an untouched registration alone (data entered before the rule)', () => {
      expect(problems({ registeredOn: '2026-06-01', current: BUILDING, entered: { productionStartedOn: '2026-06-10' } })).toEqual([]);
    });
  });
});
