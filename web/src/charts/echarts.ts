/**
 * The ECharts modules the app draws with, registered once (echarts/core: only what is used, so the
 * chunk that imports this stays small). Imported by the lazy cockpit and display routes, never by main.ts.
 */
import { use, type ComposeOption } from 'echarts/core';
import { BarChart, FunnelChart, LineChart, type BarSeriesOption, type FunnelSeriesOption, type LineSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type MarkLineComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import VChart from 'vue-echarts';

use([CanvasRenderer, BarChart, LineChart, FunnelChart, GridComponent, LegendComponent, TooltipComponent, MarkLineComponent]);

/** An option made only of the registered parts (the type refuses a series that was not imported). */
export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | FunnelSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption | MarkLineComponentOption
>;

export { VChart };
