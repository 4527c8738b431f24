// Package data holds the embedded fact tables the app needs before any data
// source answers: the KRX ticker list (Korean names), the KR benchmark series
// and sector ETFs, the US sector leaders, the ETF universe, the macro series,
// the dividend universe and the crypto pairs.
//
// Every exported function returns a freshly built slice, so callers may sort
// or modify the result freely. Levels and yields are rough, recent real-world
// magnitudes: they seed the demo market and sanity checks, never live prices.
// Yields are in percent (3.5 = 3.5 %); rate series (^TNX …) are quoted in
// percent as Yahoo does (4.3 = 4.3 %).
package data
