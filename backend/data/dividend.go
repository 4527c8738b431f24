package data

// DividendAsset is one member of the dividend universe.
type DividendAsset struct {
	Symbol    string   // "SCHD"
	Name      string   // fund or company name
	Type      string   // ETF or STOCK
	Sector    string   // GICS-like sector, or the fund's asset class for ETFs
	Exchange  string   // NYSE, NASDAQ or NYSEARCA
	Frequency string   // Monthly, Quarterly, Semi-Annual, Annual (market.Monthly …)
	YieldPct  float64  // trailing dividend yield, percent
	Price     float64  // typical recent price, USD
	SizeB     float64  // market capitalisation (stocks) or assets (ETFs), billions of USD
	Tags      []string // themes from DividendTags()
}

// DividendTags returns the theme tags used by the dividend universe.
func DividendTags() []string {
	return []string{
		"core", "satellite", "dividend_growth", "dividend_quality", "high_yield", "monthly_payer",
		"quarterly", "reit", "mreits", "bdc", "utilities", "staples", "healthcare", "energy",
		"midstream", "financials", "tech_div", "covered_call", "preferreds", "bonds", "treasuries",
		"investment_grade", "high_yield_bonds", "inflation_hedge", "international_div", "low_vol",
		"value", "growth", "real_assets",
	}
}

// DividendUniverse returns the dividend universe: income ETFs (equity,
// covered-call, REIT, preferred, bond) and dividend stocks.
func DividendUniverse() []DividendAsset {
	const (
		etf, stk = "ETF", "STOCK"
		m, q     = "Monthly", "Quarterly"
		sa, a    = "Semi-Annual", "Annual"
	)
	t := func(tags ...string) []string { return tags }
	return []DividendAsset{
		{"SCHD", "Schwab U.S. Dividend Equity ETF", etf, "US Equity", "NYSEARCA", q, 3.8, 27, 70, t("core", "dividend_growth", "dividend_quality", "quarterly", "value")},
		{"VIG", "Vanguard Dividend Appreciation ETF", etf, "US Equity", "NYSEARCA", q, 1.7, 200, 90, t("core", "dividend_growth", "quarterly", "growth")},
		{"DGRO", "iShares Core Dividend Growth ETF", etf, "US Equity", "NYSEARCA", q, 2.2, 63, 32, t("core", "dividend_growth", "quarterly")},
		{"VYM", "Vanguard High Dividend Yield ETF", etf, "US Equity", "NYSEARCA", q, 2.8, 130, 75, t("core", "dividend_quality", "quarterly", "value")},
		{"HDV", "iShares Core High Dividend ETF", etf, "US Equity", "NYSEARCA", q, 3.4, 117, 11, t("dividend_quality", "quarterly", "value", "low_vol")},
		{"SPYD", "SPDR Portfolio S&P 500 High Dividend ETF", etf, "US Equity", "NYSEARCA", q, 4.4, 43, 7, t("satellite", "high_yield", "quarterly", "value")},
		{"NOBL", "ProShares S&P 500 Dividend Aristocrats ETF", etf, "US Equity", "NYSEARCA", q, 2.1, 101, 11.5, t("core", "dividend_growth", "dividend_quality", "quarterly")},
		{"DVY", "iShares Select Dividend ETF", etf, "US Equity", "NASDAQ", q, 3.7, 132, 20, t("high_yield", "quarterly", "value")},
		{"SPHD", "Invesco S&P 500 High Dividend Low Volatility ETF", etf, "US Equity", "NYSEARCA", m, 4.3, 48, 3.2, t("high_yield", "monthly_payer", "low_vol")},
		{"JEPI", "JPMorgan Equity Premium Income ETF", etf, "US Equity", "NYSEARCA", m, 7.6, 57, 40, t("satellite", "covered_call", "monthly_payer", "high_yield", "low_vol")},
		{"JEPQ", "JPMorgan Nasdaq Equity Premium Income ETF", etf, "US Equity", "NASDAQ", m, 9.8, 54, 27, t("satellite", "covered_call", "monthly_payer", "high_yield", "tech_div")},
		{"QYLD", "Global X NASDAQ 100 Covered Call ETF", etf, "US Equity", "NASDAQ", m, 12.5, 17, 8.4, t("satellite", "covered_call", "monthly_payer", "high_yield")},
		{"XYLD", "Global X S&P 500 Covered Call ETF", etf, "US Equity", "NYSEARCA", m, 11.8, 40, 3, t("satellite", "covered_call", "monthly_payer", "high_yield")},
		{"RYLD", "Global X Russell 2000 Covered Call ETF", etf, "US Equity", "NYSEARCA", m, 12.8, 15.5, 1.3, t("satellite", "covered_call", "monthly_payer", "high_yield")},
		{"DIVO", "Amplify CWP Enhanced Dividend Income ETF", etf, "US Equity", "NYSEARCA", m, 4.7, 41, 4.5, t("covered_call", "monthly_payer", "dividend_quality")},
		{"NUSI", "Nationwide Nasdaq-100 Risk-Managed Income ETF", etf, "US Equity", "NYSEARCA", m, 8.0, 24, 0.3, t("covered_call", "monthly_payer", "high_yield", "tech_div")},
		{"KBWD", "Invesco KBW High Dividend Yield Financial ETF", etf, "Financials", "NYSEARCA", m, 12.0, 14, 0.4, t("high_yield", "monthly_payer", "financials", "mreits")},
		{"VNQ", "Vanguard Real Estate ETF", etf, "Real Estate", "NYSEARCA", q, 3.9, 90, 34, t("reit", "real_assets", "quarterly")},
		{"VYMI", "Vanguard International High Dividend Yield ETF", etf, "International Equity", "NASDAQ", q, 4.3, 73, 11, t("international_div", "quarterly", "value")},
		{"IDV", "iShares International Select Dividend ETF", etf, "International Equity", "NYSEARCA", q, 6.3, 31, 5.5, t("international_div", "high_yield", "quarterly")},
		{"EFA", "iShares MSCI EAFE ETF", etf, "International Equity", "NYSEARCA", sa, 3.0, 83, 60, t("international_div", "core")},
		{"EWJ", "iShares MSCI Japan ETF", etf, "International Equity", "NYSEARCA", sa, 2.2, 70, 15, t("international_div")},
		{"XLU", "Utilities Select Sector SPDR Fund", etf, "Utilities", "NYSEARCA", q, 2.9, 80, 18, t("utilities", "quarterly", "low_vol")},
		{"PFF", "iShares Preferred and Income Securities ETF", etf, "Preferreds", "NYSEARCA", m, 6.3, 31, 14, t("preferreds", "monthly_payer", "high_yield")},
		{"PGX", "Invesco Preferred ETF", etf, "Preferreds", "NYSEARCA", m, 6.2, 11.5, 4, t("preferreds", "monthly_payer", "high_yield")},
		{"AMLP", "Alerian MLP ETF", etf, "Energy", "NYSEARCA", q, 7.9, 48, 10, t("midstream", "energy", "high_yield", "quarterly", "real_assets")},
		{"BIZD", "VanEck BDC Income ETF", etf, "Financials", "NYSEARCA", q, 10.8, 16, 1.5, t("bdc", "high_yield", "financials", "quarterly")},
		{"REM", "iShares Mortgage Real Estate ETF", etf, "Real Estate", "NYSEARCA", q, 9.5, 22, 0.6, t("mreits", "high_yield", "quarterly")},
		{"BND", "Vanguard Total Bond Market ETF", etf, "Bonds", "NASDAQ", m, 3.7, 73, 130, t("bonds", "monthly_payer", "investment_grade", "core")},
		{"AGG", "iShares Core U.S. Aggregate Bond ETF", etf, "Bonds", "NYSEARCA", m, 3.8, 99, 125, t("bonds", "monthly_payer", "investment_grade", "core")},
		{"TLT", "iShares 20+ Year Treasury Bond ETF", etf, "Bonds", "NASDAQ", m, 4.4, 88, 55, t("bonds", "treasuries", "monthly_payer")},
		{"HYG", "iShares iBoxx $ High Yield Corporate Bond ETF", etf, "Bonds", "NYSEARCA", m, 5.8, 80, 16, t("bonds", "high_yield_bonds", "monthly_payer", "high_yield")},
		{"LQD", "iShares iBoxx $ Investment Grade Corporate Bond ETF", etf, "Bonds", "NYSEARCA", m, 4.5, 110, 30, t("bonds", "investment_grade", "monthly_payer")},
		{"VCIT", "Vanguard Intermediate-Term Corporate Bond ETF", etf, "Bonds", "NASDAQ", m, 4.4, 82, 52, t("bonds", "investment_grade", "monthly_payer")},
		{"TIP", "iShares TIPS Bond ETF", etf, "Bonds", "NYSEARCA", m, 2.9, 110, 14, t("bonds", "treasuries", "inflation_hedge", "monthly_payer")},
		{"SCHP", "Schwab U.S. TIPS ETF", etf, "Bonds", "NYSEARCA", m, 3.2, 26.5, 13, t("bonds", "treasuries", "inflation_hedge", "monthly_payer")},

		{"O", "Realty Income Corporation", stk, "Real Estate", "NYSE", m, 5.6, 57, 51, t("reit", "monthly_payer", "dividend_growth", "real_assets", "satellite")},
		{"MAIN", "Main Street Capital Corporation", stk, "Financials", "NASDAQ", m, 5.2, 58, 5, t("bdc", "monthly_payer", "high_yield", "financials")},
		{"STAG", "STAG Industrial, Inc.", stk, "Real Estate", "NYSE", m, 4.2, 35, 6.5, t("reit", "monthly_payer", "real_assets")},
		{"ADC", "Agree Realty Corporation", stk, "Real Estate", "NYSE", m, 4.1, 74, 8, t("reit", "monthly_payer", "dividend_growth")},
		{"AGNC", "AGNC Investment Corp.", stk, "Real Estate", "NASDAQ", m, 14.5, 9.9, 9, t("mreits", "monthly_payer", "high_yield")},
		{"KO", "The Coca-Cola Company", stk, "Consumer Staples", "NYSE", q, 2.9, 70, 300, t("core", "dividend_growth", "dividend_quality", "staples", "quarterly", "low_vol")},
		{"JNJ", "Johnson & Johnson", stk, "Healthcare", "NYSE", q, 3.2, 158, 380, t("core", "dividend_growth", "dividend_quality", "healthcare", "quarterly", "low_vol")},
		{"PG", "The Procter & Gamble Company", stk, "Consumer Staples", "NYSE", q, 2.6, 160, 375, t("dividend_growth", "dividend_quality", "staples", "quarterly", "low_vol")},
		{"PEP", "PepsiCo, Inc.", stk, "Consumer Staples", "NASDAQ", q, 4.0, 140, 192, t("dividend_growth", "staples", "quarterly")},
		{"T", "AT&T Inc.", stk, "Communication Services", "NYSE", q, 4.1, 27, 195, t("high_yield", "quarterly", "value")},
		{"VZ", "Verizon Communications Inc.", stk, "Communication Services", "NYSE", q, 6.4, 42, 178, t("high_yield", "quarterly", "value")},
		{"MO", "Altria Group, Inc.", stk, "Consumer Staples", "NYSE", q, 6.9, 59, 100, t("high_yield", "staples", "quarterly")},
		{"PM", "Philip Morris International Inc.", stk, "Consumer Staples", "NYSE", q, 3.2, 170, 265, t("dividend_growth", "staples", "quarterly")},
		{"XOM", "Exxon Mobil Corporation", stk, "Energy", "NYSE", q, 3.6, 110, 475, t("energy", "dividend_growth", "quarterly", "value", "inflation_hedge")},
		{"CVX", "Chevron Corporation", stk, "Energy", "NYSE", q, 4.5, 150, 262, t("energy", "dividend_growth", "quarterly", "value")},
		{"ABBV", "AbbVie Inc.", stk, "Healthcare", "NYSE", q, 3.4, 190, 335, t("healthcare", "dividend_growth", "quarterly")},
		{"MMM", "3M Company", stk, "Industrials", "NYSE", q, 1.9, 150, 80, t("quarterly", "value")},
		{"IBM", "International Business Machines Corporation", stk, "Technology", "NYSE", q, 2.5, 260, 240, t("tech_div", "dividend_quality", "quarterly")},
		{"TXN", "Texas Instruments Incorporated", stk, "Technology", "NASDAQ", q, 2.8, 190, 175, t("tech_div", "dividend_growth", "quarterly")},
		{"CSCO", "Cisco Systems, Inc.", stk, "Technology", "NASDAQ", q, 2.6, 62, 247, t("tech_div", "dividend_growth", "quarterly")},
		{"JPM", "JPMorgan Chase & Co.", stk, "Financials", "NYSE", q, 2.1, 260, 720, t("financials", "dividend_growth", "quarterly")},
		{"ARCC", "Ares Capital Corporation", stk, "Financials", "NASDAQ", q, 8.8, 22, 15, t("bdc", "high_yield", "financials", "quarterly")},
		{"OBDC", "Blue Owl Capital Corporation", stk, "Financials", "NYSE", q, 10.5, 14, 7, t("bdc", "high_yield", "financials", "quarterly")},
		{"HTGC", "Hercules Capital, Inc.", stk, "Financials", "NYSE", q, 9.5, 19, 3.3, t("bdc", "high_yield", "financials", "quarterly")},
		{"EPD", "Enterprise Products Partners L.P.", stk, "Energy", "NYSE", q, 6.9, 31, 67, t("midstream", "energy", "high_yield", "quarterly", "real_assets")},
		{"ET", "Energy Transfer LP", stk, "Energy", "NYSE", q, 7.3, 18, 62, t("midstream", "energy", "high_yield", "quarterly")},
		{"MPLX", "MPLX LP", stk, "Energy", "NYSE", q, 7.6, 52, 53, t("midstream", "energy", "high_yield", "quarterly")},
		{"WPC", "W. P. Carey Inc.", stk, "Real Estate", "NYSE", q, 5.7, 62, 13.5, t("reit", "high_yield", "quarterly", "real_assets")},
		{"VICI", "VICI Properties Inc.", stk, "Real Estate", "NYSE", q, 5.4, 32, 34, t("reit", "dividend_growth", "quarterly", "real_assets")},
		{"NLY", "Annaly Capital Management, Inc.", stk, "Real Estate", "NYSE", q, 13.5, 20, 12, t("mreits", "high_yield", "quarterly")},
		{"SO", "The Southern Company", stk, "Utilities", "NYSE", q, 3.2, 90, 99, t("utilities", "quarterly", "low_vol")},
		{"DUK", "Duke Energy Corporation", stk, "Utilities", "NYSE", q, 3.6, 118, 92, t("utilities", "quarterly", "low_vol")},
		{"NEE", "NextEra Energy, Inc.", stk, "Utilities", "NYSE", q, 3.1, 72, 148, t("utilities", "dividend_growth", "quarterly")},
		{"SAP", "SAP SE", stk, "Technology", "NYSE", a, 0.9, 280, 330, t("tech_div", "international_div", "growth")},
	}
}
