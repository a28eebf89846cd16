import { jobFigures } from '../job-figures';

describe('jobFigures', () => {
  it('names a daily reminder run’s counts in Chinese, in the order the job gave them', () => {
    expect(jobFigures({ date: '2026-11-27', recipients: 3, sent: 2, alreadyDone: 0, skipped: 1, failed: 0, failedPermanently: 0 })).toEqual([
      { label: '提醒日期', value: '2026-11-27' },
      { label: '收件人数', value: '3' },
      { label: '已发送', value: '2' },
      { label: '此前已发送', value: '0' },
      { label: '无需发送', value: '1' },
      { label: '发送失败', value: '0' },
      { label: '无法发送', value: '0' },
    ]);
  });

  it('flattens the monthly report’s e-mail counts under their group and leaves out the hash and repeated month', () => {
    const figures = jobFigures({ period: '2026-10', year: 2026, month: 10, revision: 1, changed: true, hash: 'abc', mail: { period: '2026-10', revision: 1, sent: 4 }, ledgerCellsRepaired: 0 });
    expect(figures).toEqual([
      { label: '月份', value: '2026-10' },
      { label: '月报版本', value: '1' },
      { label: '数据有变化', value: '是' },
      { label: '月报邮件·月份', value: '2026-10' },
      { label: '月报邮件·月报版本', value: '1' },
      { label: '月报邮件·已发送', value: '4' },
      { label: '修复的台账单元', value: '0' },
    ]);
  });

  it('shows an unknown figure under its own key, and nothing for a run without a result', () => {
    expect(jobFigures({ imported: 12 })).toEqual([{ label: 'imported', value: '12' }]);
    expect(jobFigures(null)).toEqual([]);
  });
});
