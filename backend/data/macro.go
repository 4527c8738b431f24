package data

// Macro returns the macro dashboard series: US and world indices,
// volatility, the dollar and FX, Treasury yields (percent), credit and
// sector ETFs, commodities and crypto. The ETF universe (USETFs) completes
// the dashboard; ^KS11 and KRW=X also appear in KRBenchmarks.
func Macro() []Series {
	return []Series{
		{"^DJI", "Dow Jones Industrial Average", "index", 44000, 39000, 48000},
		{"^GSPC", "S&P 500", "index", 6000, 5000, 6900},
		{"^IXIC", "NASDAQ Composite", "index", 19500, 16000, 22500},
		{"^RUT", "Russell 2000", "index", 2200, 1800, 2500},
		{"^VIX", "CBOE Volatility Index", "index", 17, 11, 45},
		{"^SKEW", "CBOE SKEW Index", "index", 145, 125, 170},
		{"DX-Y.NYB", "US Dollar Index", "fx", 102, 96, 110},
		{"EURUSD=X", "EUR/USD", "fx", 1.10, 1.02, 1.20},
		{"USDJPY=X", "USD/JPY", "fx", 148, 138, 160},
		{"KRW=X", "USD/KRW", "fx", 1390, 1300, 1480},
		{"^IRX", "13-Week Treasury Bill", "rate", 4.1, 3.5, 5.3},
		{"^TNX", "10-Year Treasury Yield", "rate", 4.3, 3.6, 5.0},
		{"^TYX", "30-Year Treasury Yield", "rate", 4.75, 4.0, 5.2},
		{"HYG", "iShares iBoxx $ High Yield Corporate Bond ETF", "etf", 80, 75, 83},
		{"LQD", "iShares iBoxx $ Investment Grade Corporate Bond ETF", "etf", 110, 104, 114},
		{"GC=F", "Gold Futures", "commodity", 3300, 2000, 4200},
		{"SI=F", "Silver Futures", "commodity", 37, 22, 50},
		{"CL=F", "Crude Oil WTI Futures", "commodity", 68, 55, 90},
		{"HG=F", "Copper Futures", "commodity", 4.6, 3.8, 5.4},
		{"NG=F", "Natural Gas Futures", "commodity", 3.3, 1.8, 5.0},
		{"BTC-USD", "Bitcoin USD", "crypto", 95000, 40000, 120000},
		{"ETH-USD", "Ethereum USD", "crypto", 3300, 1500, 4500},
		{"000300.SS", "CSI 300 Index", "index", 3900, 3200, 4600},
		{"^N225", "Nikkei 225", "index", 39000, 31000, 44000},
		{"^GDAXI", "DAX Performance Index", "index", 21000, 17000, 24500},
		{"^FTSE", "FTSE 100", "index", 8500, 7500, 9300},
		{"^KS11", "KOSPI Composite Index", "index", 2750, 2400, 3200},
		{"RSP", "Invesco S&P 500 Equal Weight ETF", "etf", 180, 150, 195},
		{"IEF", "iShares 7-10 Year Treasury Bond ETF", "etf", 95, 90, 100},
		{"XHB", "SPDR S&P Homebuilders ETF", "etf", 100, 80, 125},
		{"VNQ", "Vanguard Real Estate ETF", "etf", 90, 78, 100},
	}
}
