import type { Palette } from '../../charts/options';

/** The 大屏's dark theme, for the shared chart builders (charts/options.ts) and the page alike. */
export const DARK_PALETTE: Palette = {
  text: '#c9d6f0',
  axis: '#8aa0c8',
  split: 'rgba(138, 160, 200, 0.18)',
  thisYear: '#3ba0ff',
  lastYear: '#5a6a8a',
  target: '#ff6b6b',
  progress: '#ffc53d',
};
