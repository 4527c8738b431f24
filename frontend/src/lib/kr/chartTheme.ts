// What the KR charts (the stock chart, the performance and backtest lines)
// share: how a chart is made and its colours, fonts and number labels for
// the theme and the language.

import {
  ColorType,
  createChart,
  CrosshairMode,
  type ChartOptions,
  type DeepPartial,
  type IChartApi,
} from 'lightweight-charts';
import type { Theme } from '../types';

/** The chart frame of each theme: app.css's --surface, --text-muted and --border, and a faint grid. */
export const CHART_PALETTES = {
  dark: { bg: '#15181d', text: '#9aa0a6', grid: 'rgba(255,255,255,0.05)', border: '#262b33' },
  light: { bg: '#ffffff', text: '#5b626b', grid: 'rgba(0,0,0,0.06)', border: '#dde1e6' },
} as const;

/** A chart sized by `el`, without the attribution logo and with a free crosshair; `options` add to that. */
export function createKrChart(el: HTMLElement, options: DeepPartial<ChartOptions> = {}): IChartApi {
  return createChart(el, {
    autoSize: true,
    ...options,
    layout: { ...options.layout, attributionLogo: false },
    crosshair: { mode: CrosshairMode.Normal, ...options.crosshair },
  });
}

/** The options that follow the theme and the language (apply them again when either changes). */
export function themeOptions(theme: Theme, locale: string, priceFormatter: (v: number) => string): DeepPartial<ChartOptions> {
  const p = CHART_PALETTES[theme];
  return {
    layout: {
      background: { type: ColorType.Solid, color: p.bg },
      textColor: p.text,
      fontFamily: getComputedStyle(document.documentElement).getPropertyValue('--font-sans') || 'sans-serif',
    },
    localization: { locale, priceFormatter },
    grid: { vertLines: { color: p.grid }, horzLines: { color: p.grid } },
    rightPriceScale: { borderColor: p.border },
    timeScale: { borderColor: p.border },
  };
}
