package data

// CryptoPair is a Binance USDT spot pair.
type CryptoPair struct {
	Symbol string  // Binance symbol ("BTCUSDT")
	Base   string  // base asset ("BTC")
	Name   string  // asset name
	Rank   int     // liquidity rank by 24 h quote volume, 1 = most liquid
	Price  float64 // typical recent price, USDT
}

// CryptoPairs returns about 100 liquid Binance USDT spot pairs ordered by
// liquidity rank (no stablecoins, leveraged tokens or fiat).
func CryptoPairs() []CryptoPair {
	rows := []struct {
		base, name string
		price      float64
	}{
		{"BTC", "Bitcoin", 95000}, {"ETH", "Ethereum", 3300}, {"SOL", "Solana", 180},
		{"BNB", "BNB", 650}, {"XRP", "XRP", 2.3}, {"DOGE", "Dogecoin", 0.25},
		{"ADA", "Cardano", 0.8}, {"TRX", "TRON", 0.24}, {"SUI", "Sui", 3.5},
		{"LINK", "Chainlink", 18}, {"AVAX", "Avalanche", 28}, {"PEPE", "Pepe", 0.000012},
		{"LTC", "Litecoin", 100}, {"DOT", "Polkadot", 5}, {"SHIB", "Shiba Inu", 0.000016},
		{"BCH", "Bitcoin Cash", 420}, {"TON", "Toncoin", 3.5}, {"NEAR", "NEAR Protocol", 3.5},
		{"APT", "Aptos", 7}, {"UNI", "Uniswap", 10}, {"WIF", "dogwifhat", 1.2},
		{"ARB", "Arbitrum", 0.5}, {"OP", "Optimism", 1.2}, {"FET", "Artificial Superintelligence Alliance", 0.9},
		{"WLD", "Worldcoin", 1.5}, {"ENA", "Ethena", 0.6}, {"TIA", "Celestia", 4},
		{"INJ", "Injective", 18}, {"SEI", "Sei", 0.35}, {"AAVE", "Aave", 250},
		{"FIL", "Filecoin", 4}, {"ETC", "Ethereum Classic", 22}, {"HBAR", "Hedera", 0.22},
		{"ICP", "Internet Computer", 8}, {"RENDER", "Render", 5}, {"ATOM", "Cosmos", 5},
		{"STX", "Stacks", 1.2}, {"BONK", "Bonk", 0.00002}, {"FLOKI", "FLOKI", 0.00012},
		{"JASMY", "JasmyCoin", 0.02}, {"PENGU", "Pudgy Penguins", 0.02}, {"TRUMP", "Official Trump", 12},
		{"ONDO", "Ondo", 1.0}, {"TAO", "Bittensor", 400}, {"RUNE", "THORChain", 2},
		{"CRV", "Curve DAO", 0.6}, {"LDO", "Lido DAO", 1.3}, {"ALGO", "Algorand", 0.28},
		{"VET", "VeChain", 0.03}, {"XLM", "Stellar", 0.3}, {"SAND", "The Sandbox", 0.3},
		{"MANA", "Decentraland", 0.3}, {"AXS", "Axie Infinity", 4}, {"GALA", "Gala", 0.02},
		{"IMX", "Immutable", 0.8}, {"GRT", "The Graph", 0.12}, {"EGLD", "MultiversX", 25},
		{"THETA", "Theta Network", 1.0}, {"XTZ", "Tezos", 0.8}, {"EOS", "EOS", 0.6},
		{"KAVA", "Kava", 0.4}, {"ZEC", "Zcash", 40}, {"DASH", "Dash", 25},
		{"NEO", "NEO", 10}, {"IOTA", "IOTA", 0.25}, {"CHZ", "Chiliz", 0.05},
		{"ENJ", "Enjin Coin", 0.1}, {"1INCH", "1inch", 0.25}, {"COMP", "Compound", 45},
		{"SNX", "Synthetix", 0.8}, {"SUSHI", "SushiSwap", 0.7}, {"YFI", "yearn.finance", 5500},
		{"DYDX", "dYdX", 0.7}, {"GMX", "GMX", 15}, {"PENDLE", "Pendle", 4},
		{"JTO", "Jito", 2.5}, {"PYTH", "Pyth Network", 0.15}, {"STRK", "Starknet", 0.15},
		{"ZK", "ZKsync", 0.06}, {"W", "Wormhole", 0.1}, {"ORDI", "ORDI", 10},
		{"NOT", "Notcoin", 0.002}, {"PEOPLE", "ConstitutionDAO", 0.02}, {"CAKE", "PancakeSwap", 2.2},
		{"1000SATS", "SATS (1000x)", 0.00004}, {"BOME", "BOOK OF MEME", 0.002}, {"ARKM", "Arkham", 0.5},
		{"AR", "Arweave", 8}, {"ROSE", "Oasis Network", 0.03}, {"KSM", "Kusama", 15},
		{"QNT", "Quant", 90}, {"FLOW", "Flow", 0.4}, {"MINA", "Mina", 0.3},
		{"CFX", "Conflux", 0.08}, {"ZIL", "Zilliqa", 0.012}, {"ONE", "Harmony", 0.012},
		{"CELO", "Celo", 0.35}, {"ANKR", "Ankr", 0.02}, {"HOT", "Holo", 0.0012},
		{"BAT", "Basic Attention Token", 0.15},
	}
	out := make([]CryptoPair, len(rows))
	for i, r := range rows {
		out[i] = CryptoPair{Symbol: r.base + "USDT", Base: r.base, Name: r.name, Rank: i + 1, Price: r.price}
	}
	return out
}
