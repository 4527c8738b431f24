package data

// Stock is a US-listed company with rough recent figures.
type Stock struct {
	Symbol     string  // Yahoo symbol ("BRK-B")
	Name       string  // company name
	Sector     string  // GICS sector, one of USSectors()
	Exchange   string  // NASDAQ or NYSE
	Price      float64 // typical recent price, USD
	MarketCapB float64 // market capitalisation, billions of USD (per share class)
	YieldPct   float64 // dividend yield, percent
	PE         float64 // trailing P/E; 0 = unknown, negative = loss-making
}

// USSectors returns the 11 GICS sectors in heatmap order.
func USSectors() []string {
	return []string{
		"Technology", "Financials", "Healthcare", "Energy", "Consumer Discretionary",
		"Consumer Staples", "Industrials", "Materials", "Utilities", "Real Estate",
		"Communication Services",
	}
}

// USHeatmap returns the 110 sector leaders of the US heatmap: 10 per sector,
// grouped in USSectors() order, largest first within a sector.
func USHeatmap() []Stock {
	const (
		tec = "Technology"
		fin = "Financials"
		hea = "Healthcare"
		ene = "Energy"
		dis = "Consumer Discretionary"
		sta = "Consumer Staples"
		ind = "Industrials"
		mat = "Materials"
		uti = "Utilities"
		rea = "Real Estate"
		com = "Communication Services"
		nq  = "NASDAQ"
		ny  = "NYSE"
	)
	return []Stock{
		{"AAPL", "Apple Inc.", tec, nq, 230, 3450, 0.45, 35},
		{"MSFT", "Microsoft Corporation", tec, nq, 450, 3350, 0.72, 36},
		{"NVDA", "NVIDIA Corporation", tec, nq, 140, 3420, 0.03, 50},
		{"AVGO", "Broadcom Inc.", tec, nq, 240, 1130, 1.0, 85},
		{"ORCL", "Oracle Corporation", tec, ny, 190, 530, 0.9, 42},
		{"CRM", "Salesforce, Inc.", tec, ny, 280, 270, 0.6, 44},
		{"AMD", "Advanced Micro Devices, Inc.", tec, nq, 135, 220, 0, 100},
		{"ADBE", "Adobe Inc.", tec, nq, 400, 175, 0, 26},
		{"CSCO", "Cisco Systems, Inc.", tec, nq, 62, 247, 2.6, 26},
		{"INTC", "Intel Corporation", tec, nq, 22, 96, 0, -1},

		{"BRK-B", "Berkshire Hathaway Inc.", fin, ny, 480, 1040, 0, 13},
		{"JPM", "JPMorgan Chase & Co.", fin, ny, 260, 720, 2.1, 13},
		{"V", "Visa Inc.", fin, ny, 340, 660, 0.7, 33},
		{"MA", "Mastercard Incorporated", fin, ny, 560, 510, 0.5, 38},
		{"BAC", "Bank of America Corporation", fin, ny, 45, 340, 2.3, 13},
		{"WFC", "Wells Fargo & Company", fin, ny, 76, 245, 2.1, 13},
		{"GS", "The Goldman Sachs Group, Inc.", fin, ny, 620, 190, 1.9, 15},
		{"MS", "Morgan Stanley", fin, ny, 135, 215, 2.7, 15},
		{"SPGI", "S&P Global Inc.", fin, ny, 520, 160, 0.7, 40},
		{"AXP", "American Express Company", fin, ny, 300, 210, 1.0, 21},

		{"LLY", "Eli Lilly and Company", hea, ny, 800, 720, 0.7, 65},
		{"UNH", "UnitedHealth Group Incorporated", hea, ny, 310, 280, 2.8, 13},
		{"JNJ", "Johnson & Johnson", hea, ny, 158, 380, 3.2, 17},
		{"ABBV", "AbbVie Inc.", hea, ny, 190, 335, 3.4, 80},
		{"MRK", "Merck & Co., Inc.", hea, ny, 82, 205, 3.9, 12},
		{"PFE", "Pfizer Inc.", hea, ny, 25, 142, 6.8, 18},
		{"TMO", "Thermo Fisher Scientific Inc.", hea, ny, 430, 162, 0.4, 25},
		{"ABT", "Abbott Laboratories", hea, ny, 130, 226, 1.8, 17},
		{"DHR", "Danaher Corporation", hea, ny, 200, 143, 0.6, 39},
		{"BMY", "Bristol-Myers Squibb Company", hea, ny, 48, 98, 5.1, 18},

		{"XOM", "Exxon Mobil Corporation", ene, ny, 110, 475, 3.6, 14},
		{"CVX", "Chevron Corporation", ene, ny, 150, 262, 4.5, 16},
		{"COP", "ConocoPhillips", ene, ny, 95, 120, 3.3, 12},
		{"SLB", "SLB N.V.", ene, ny, 36, 49, 3.1, 12},
		{"EOG", "EOG Resources, Inc.", ene, ny, 120, 66, 3.2, 11},
		{"MPC", "Marathon Petroleum Corporation", ene, ny, 160, 50, 2.3, 16},
		{"PSX", "Phillips 66", ene, ny, 125, 51, 3.7, 25},
		{"VLO", "Valero Energy Corporation", ene, ny, 135, 42, 3.3, 18},
		{"OXY", "Occidental Petroleum Corporation", ene, ny, 44, 43, 2.1, 17},
		{"WMB", "The Williams Companies, Inc.", ene, ny, 58, 71, 3.4, 29},

		{"AMZN", "Amazon.com, Inc.", dis, nq, 220, 2330, 0, 35},
		{"TSLA", "Tesla, Inc.", dis, nq, 330, 1060, 0, 170},
		{"HD", "The Home Depot, Inc.", dis, ny, 370, 368, 2.5, 25},
		{"MCD", "McDonald's Corporation", dis, ny, 300, 215, 2.4, 26},
		{"NKE", "NIKE, Inc.", dis, ny, 70, 103, 2.3, 30},
		{"LOW", "Lowe's Companies, Inc.", dis, ny, 230, 129, 2.1, 19},
		{"SBUX", "Starbucks Corporation", dis, nq, 90, 102, 2.7, 33},
		{"TJX", "The TJX Companies, Inc.", dis, ny, 125, 140, 1.3, 29},
		{"BKNG", "Booking Holdings Inc.", dis, nq, 5200, 170, 0.7, 30},
		{"CMG", "Chipotle Mexican Grill, Inc.", dis, ny, 50, 67, 0, 45},

		{"WMT", "Walmart Inc.", sta, nq, 97, 775, 1.0, 40},
		{"PG", "The Procter & Gamble Company", sta, ny, 160, 375, 2.6, 25},
		{"COST", "Costco Wholesale Corporation", sta, nq, 990, 440, 0.5, 56},
		{"KO", "The Coca-Cola Company", sta, ny, 70, 300, 2.9, 28},
		{"PEP", "PepsiCo, Inc.", sta, nq, 140, 192, 4.0, 25},
		{"PM", "Philip Morris International Inc.", sta, ny, 170, 265, 3.2, 35},
		{"MDLZ", "Mondelez International, Inc.", sta, nq, 67, 87, 2.8, 24},
		{"MO", "Altria Group, Inc.", sta, ny, 59, 100, 6.9, 10},
		{"CL", "Colgate-Palmolive Company", sta, ny, 90, 73, 2.3, 25},
		{"KMB", "Kimberly-Clark Corporation", sta, nq, 130, 43, 3.9, 17},

		{"CAT", "Caterpillar Inc.", ind, ny, 380, 180, 1.5, 18},
		{"GE", "GE Aerospace", ind, ny, 240, 256, 0.6, 37},
		{"RTX", "RTX Corporation", ind, ny, 140, 187, 1.9, 39},
		{"HON", "Honeywell International Inc.", ind, nq, 220, 141, 2.1, 25},
		{"UNP", "Union Pacific Corporation", ind, ny, 230, 138, 2.3, 21},
		{"BA", "The Boeing Company", ind, ny, 200, 151, 0, -1},
		{"DE", "Deere & Company", ind, ny, 500, 135, 1.3, 25},
		{"LMT", "Lockheed Martin Corporation", ind, ny, 470, 110, 2.8, 20},
		{"UPS", "United Parcel Service, Inc.", ind, ny, 100, 85, 6.5, 15},
		{"MMM", "3M Company", ind, ny, 150, 80, 1.9, 20},

		{"LIN", "Linde plc", mat, nq, 460, 217, 1.3, 34},
		{"APD", "Air Products and Chemicals, Inc.", mat, ny, 280, 62, 2.5, 16},
		{"SHW", "The Sherwin-Williams Company", mat, ny, 350, 88, 0.9, 33},
		{"FCX", "Freeport-McMoRan Inc.", mat, ny, 42, 60, 1.4, 32},
		{"ECL", "Ecolab Inc.", mat, ny, 260, 74, 1.0, 35},
		{"NEM", "Newmont Corporation", mat, ny, 55, 61, 1.8, 12},
		{"NUE", "Nucor Corporation", mat, ny, 125, 29, 1.8, 22},
		{"DOW", "Dow Inc.", mat, ny, 28, 20, 5.0, -1},
		{"DD", "DuPont de Nemours, Inc.", mat, ny, 72, 30, 2.2, 40},
		{"VMC", "Vulcan Materials Company", mat, ny, 265, 35, 0.7, 38},

		{"NEE", "NextEra Energy, Inc.", uti, ny, 72, 148, 3.1, 25},
		{"SO", "The Southern Company", uti, ny, 90, 99, 3.2, 22},
		{"DUK", "Duke Energy Corporation", uti, ny, 118, 92, 3.6, 20},
		{"CEG", "Constellation Energy Corporation", uti, nq, 300, 94, 0.5, 32},
		{"SRE", "Sempra", uti, ny, 78, 51, 3.3, 17},
		{"AEP", "American Electric Power Company, Inc.", uti, nq, 105, 56, 3.5, 19},
		{"D", "Dominion Energy, Inc.", uti, ny, 56, 48, 4.8, 21},
		{"PCG", "PG&E Corporation", uti, ny, 16, 35, 0.6, 14},
		{"EXC", "Exelon Corporation", uti, nq, 44, 44, 3.6, 16},
		{"XEL", "Xcel Energy Inc.", uti, nq, 70, 40, 3.2, 20},

		{"PLD", "Prologis, Inc.", rea, ny, 110, 102, 3.6, 30},
		{"AMT", "American Tower Corporation", rea, ny, 215, 100, 3.2, 40},
		{"EQIX", "Equinix, Inc.", rea, nq, 850, 83, 2.2, 80},
		{"SPG", "Simon Property Group, Inc.", rea, ny, 165, 54, 5.1, 26},
		{"PSA", "Public Storage", rea, ny, 295, 52, 4.1, 29},
		{"O", "Realty Income Corporation", rea, ny, 57, 51, 5.6, 55},
		{"WELL", "Welltower Inc.", rea, ny, 155, 100, 1.8, 90},
		{"DLR", "Digital Realty Trust, Inc.", rea, ny, 175, 60, 2.8, 45},
		{"CCI", "Crown Castle Inc.", rea, ny, 100, 44, 4.2, -1},
		{"AVB", "AvalonBay Communities, Inc.", rea, ny, 210, 30, 3.3, 27},

		{"META", "Meta Platforms, Inc.", com, nq, 650, 1640, 0.3, 25},
		{"GOOGL", "Alphabet Inc. (Class A)", com, nq, 180, 1045, 0.45, 20},
		{"GOOG", "Alphabet Inc. (Class C)", com, nq, 182, 1000, 0.45, 20},
		{"NFLX", "Netflix, Inc.", com, nq, 110, 470, 0, 45},
		{"DIS", "The Walt Disney Company", com, ny, 112, 202, 0.9, 23},
		{"T", "AT&T Inc.", com, ny, 27, 195, 4.1, 17},
		{"VZ", "Verizon Communications Inc.", com, ny, 42, 178, 6.4, 10},
		{"CMCSA", "Comcast Corporation", com, nq, 35, 132, 3.7, 9},
		{"TMUS", "T-Mobile US, Inc.", com, nq, 240, 272, 1.5, 23},
		{"CHTR", "Charter Communications, Inc.", com, nq, 380, 54, 0, 11},
	}
}

// USExtraStocks returns US stocks that are not sector leaders but are on the
// options-flow watchlist.
func USExtraStocks() []Stock {
	return []Stock{
		{"COIN", "Coinbase Global, Inc.", "Financials", "NASDAQ", 260, 66, 0, 25},
		{"PLTR", "Palantir Technologies Inc.", "Technology", "NASDAQ", 130, 300, 0, 300},
	}
}

// ETF is a US-listed exchange-traded fund of the ETF universe.
type ETF struct {
	Symbol   string  // "XLK"
	Name     string  // fund name
	Category string  // Broad, Sector, Thematic, Leveraged, International, Bonds, Commodities
	Sector   string  // GICS sector tracked by a sector ETF, else ""
	Exchange string  // NYSEARCA or NASDAQ
	Price    float64 // typical recent price, USD
	YieldPct float64 // distribution yield, percent
}

// ETFCategories returns the ETF categories in display order.
func ETFCategories() []string {
	return []string{"Broad", "Sector", "Thematic", "Leveraged", "International", "Bonds", "Commodities"}
}

// USETFs returns the 24 ETFs of the ETF-flow universe.
func USETFs() []ETF {
	const arca, nq = "NYSEARCA", "NASDAQ"
	return []ETF{
		{"SPY", "SPDR S&P 500 ETF Trust", "Broad", "", arca, 600, 1.2},
		{"QQQ", "Invesco QQQ Trust", "Broad", "", nq, 520, 0.6},
		{"IWM", "iShares Russell 2000 ETF", "Broad", "", arca, 220, 1.2},
		{"DIA", "SPDR Dow Jones Industrial Average ETF Trust", "Broad", "", arca, 440, 1.6},
		{"XLK", "Technology Select Sector SPDR Fund", "Sector", "Technology", arca, 240, 0.6},
		{"XLF", "Financial Select Sector SPDR Fund", "Sector", "Financials", arca, 51, 1.4},
		{"XLV", "Health Care Select Sector SPDR Fund", "Sector", "Healthcare", arca, 135, 1.7},
		{"XLE", "Energy Select Sector SPDR Fund", "Sector", "Energy", arca, 88, 3.3},
		{"XLI", "Industrial Select Sector SPDR Fund", "Sector", "Industrials", arca, 145, 1.3},
		{"XLP", "Consumer Staples Select Sector SPDR Fund", "Sector", "Consumer Staples", arca, 80, 2.6},
		{"XLY", "Consumer Discretionary Select Sector SPDR Fund", "Sector", "Consumer Discretionary", arca, 215, 0.8},
		{"XLU", "Utilities Select Sector SPDR Fund", "Sector", "Utilities", arca, 80, 2.9},
		{"XLB", "Materials Select Sector SPDR Fund", "Sector", "Materials", arca, 88, 1.9},
		{"XLRE", "Real Estate Select Sector SPDR Fund", "Sector", "Real Estate", arca, 41, 3.3},
		{"XLC", "Communication Services Select Sector SPDR Fund", "Sector", "Communication Services", arca, 105, 1.0},
		{"ARKK", "ARK Innovation ETF", "Thematic", "", arca, 65, 0},
		{"TQQQ", "ProShares UltraPro QQQ", "Leveraged", "", nq, 80, 1.1},
		{"SQQQ", "ProShares UltraPro Short QQQ", "Leveraged", "", nq, 25, 9.0},
		{"EEM", "iShares MSCI Emerging Markets ETF", "International", "", arca, 46, 2.3},
		{"VEA", "Vanguard FTSE Developed Markets ETF", "International", "", arca, 54, 2.8},
		{"TLT", "iShares 20+ Year Treasury Bond ETF", "Bonds", "", nq, 88, 4.4},
		{"HYG", "iShares iBoxx $ High Yield Corporate Bond ETF", "Bonds", "", arca, 80, 5.8},
		{"GLD", "SPDR Gold Shares", "Commodities", "", arca, 305, 0},
		{"USO", "United States Oil Fund, LP", "Commodities", "", arca, 76, 0},
	}
}

// OptionsWatchlist returns the default options-flow watchlist.
func OptionsWatchlist() []string {
	return []string{"AAPL", "NVDA", "TSLA", "MSFT", "AMZN", "META", "GOOGL", "SPY", "QQQ", "AMD", "NFLX", "BA", "DIS", "COIN", "PLTR"}
}
