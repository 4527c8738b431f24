package gate

import (
	"errors"
	"fmt"
)

// Config holds the gate's thresholds and indicator periods. The defaults are
// the original KR gate's (api-reference §7.1, config.py MarketGateConfig);
// the US gate (§7.2) is the same scorer with MAShort 50, MALong 200 and
// MinBars 200. It is a comparable value (services use it in cache keys).
type Config struct {
	// USD/KRW levels: at or above Warning the reasons carry a warning, at
	// or above Danger the gate is RED whatever the score.
	USDKRWWarning float64 `json:"usd_krw_warning" doc:"USD/KRW at or above this adds a currency warning (default 1400)"`
	USDKRWDanger  float64 `json:"usd_krw_danger" doc:"USD/KRW at or above this makes the gate RED whatever the score (default 1450)"`
	// Gate colours: score ≥ Green → GREEN, ≥ Yellow → YELLOW, else RED.
	Green  int `json:"green" doc:"score at or above this is GREEN (default 70)"`
	Yellow int `json:"yellow" doc:"score at or above this is YELLOW, below is RED (default 45)"`
	// Signal labels: score ≥ Bullish → BULLISH, < Bearish → BEARISH.
	Bullish int `json:"bullish" doc:"score at or above this is labelled BULLISH (default 70)"`
	Bearish int `json:"bearish" doc:"score below this is labelled BEARISH (default 40)"`
	// MinBars is the fewest daily bars a series needs to be scored.
	MinBars int `json:"min_bars" doc:"fewest daily bars a series needs to be scored (default 60)"`
	// RSIPeriod is the Wilder RSI period.
	RSIPeriod int `json:"rsi_period" doc:"Wilder RSI period (default 14)"`
	// MAShort and MALong are the trend term's moving averages (KR 20/60).
	MAShort int `json:"ma_short" doc:"trend term short moving average (default 20)"`
	MALong  int `json:"ma_long" doc:"trend term long moving average (default 60)"`
	// MACD periods (12/26/9).
	MACDFast   int `json:"macd_fast" doc:"MACD fast EMA (default 12)"`
	MACDSlow   int `json:"macd_slow" doc:"MACD slow EMA (default 26)"`
	MACDSignal int `json:"macd_signal" doc:"MACD signal EMA (default 9)"`
	// VolumePeriod is the volume average the last volume is compared with.
	VolumePeriod int `json:"volume_period" doc:"volume average the last volume is compared with (default 20)"`
	// RSPeriod is the return window (bars) of relative strength.
	RSPeriod int `json:"rs_period" doc:"relative-strength return window in bars (default 20)"`
}

// DefaultConfig returns the original KR gate's settings.
func DefaultConfig() Config {
	return Config{
		USDKRWWarning: 1400, USDKRWDanger: 1450,
		Green: 70, Yellow: 45,
		Bullish: 70, Bearish: 40,
		MinBars:   60,
		RSIPeriod: 14,
		MAShort:   20, MALong: 60,
		MACDFast: 12, MACDSlow: 26, MACDSignal: 9,
		VolumePeriod: 20,
		RSPeriod:     20,
	}
}

// Lookback is the fewest bars for which every indicator of the score is
// defined at the last bar.
func (c Config) Lookback() int {
	return max(c.MAShort, c.MALong, c.MACDSlow+c.MACDSignal-1, c.MACDFast+c.MACDSignal-1,
		c.RSIPeriod+1, c.VolumePeriod, c.RSPeriod+1)
}

// Validate reports the first setting that cannot work.
func (c Config) Validate() error {
	if !(c.USDKRWWarning > 0) || !(c.USDKRWDanger > 0) {
		return errors.New("gate: usd_krw_warning and usd_krw_danger must be positive")
	}
	if c.USDKRWWarning > c.USDKRWDanger {
		return fmt.Errorf("gate: usd_krw_warning %g is above usd_krw_danger %g", c.USDKRWWarning, c.USDKRWDanger)
	}
	if c.Yellow < 0 || c.Green > 100 || c.Yellow > c.Green {
		return fmt.Errorf("gate: want 0 ≤ yellow (%d) ≤ green (%d) ≤ 100", c.Yellow, c.Green)
	}
	if c.Bearish < 0 || c.Bullish > 100 || c.Bearish > c.Bullish {
		return fmt.Errorf("gate: want 0 ≤ bearish (%d) ≤ bullish (%d) ≤ 100", c.Bearish, c.Bullish)
	}
	for name, p := range map[string]int{"rsi_period": c.RSIPeriod, "ma_short": c.MAShort, "ma_long": c.MALong,
		"macd_fast": c.MACDFast, "macd_slow": c.MACDSlow, "macd_signal": c.MACDSignal,
		"volume_period": c.VolumePeriod, "rs_period": c.RSPeriod} {
		if p < 1 || p > 500 {
			return fmt.Errorf("gate: %s %d: want 1–500", name, p)
		}
	}
	if c.MAShort >= c.MALong {
		return fmt.Errorf("gate: ma_short %d must be below ma_long %d", c.MAShort, c.MALong)
	}
	if c.MACDFast >= c.MACDSlow {
		return fmt.Errorf("gate: macd_fast %d must be below macd_slow %d", c.MACDFast, c.MACDSlow)
	}
	if lb := c.Lookback(); c.MinBars < lb || c.MinBars > 2000 {
		return fmt.Errorf("gate: min_bars %d: want %d–2000 (the indicators' lookback)", c.MinBars, lb)
	}
	return nil
}
