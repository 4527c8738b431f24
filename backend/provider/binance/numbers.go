package binance

import (
	"errors"
	"math"
	"strconv"
	"strings"
)

// num parses one of Binance's string numbers ("0.00010000"). Empty means
// absent and reads as 0; anything else must be a finite decimal.
func num(s string) (float64, error) {
	if s == "" {
		return 0, nil
	}
	if strings.ContainsAny(s, "xXpP_") { // hex floats, digit separators
		return 0, errors.New("not a decimal number")
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, errors.New("not a decimal number")
	}
	return v, nil
}
