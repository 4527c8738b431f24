package indicator

// OBV returns On-Balance Volume, in volume units: it starts at volume[0]
// (TA-Lib's convention, no warm-up) and then adds volume[i] on an up close,
// subtracts it on a down close and leaves it unchanged on an equal close.
//
// A bar whose close or volume is non-finite yields NaN and restarts the
// accumulation at the next usable bar (OBV = that bar's volume). Mismatched
// lengths give all NaN (length of close).
func OBV(close, volume []float64) []float64 {
	if len(volume) != len(close) {
		return fillNaN(len(close))
	}
	out := make([]float64, len(close))
	volume = volume[:len(close)]
	if len(close) == 0 {
		return out
	}
	// Optimistic pass without per-bar branches on finiteness: a non-finite
	// input turns `poison` into NaN, and the careful pass below redoes the work.
	pc, obv := close[0], volume[0]
	poison := pc - pc + obv - obv
	out[0] = obv
	for i := 1; i < len(close); i++ {
		c, v := close[i], volume[i]
		poison += c - c + v - v
		if c > pc {
			obv += v
		} else if c < pc {
			obv -= v
		}
		pc = c
		out[i] = obv
	}
	if poison == 0 {
		return out
	}
	obvCareful(close, volume, out)
	return out
}

// obvCareful is OBV with the restart-on-non-finite rule.
func obvCareful(close, volume, out []float64) {
	volume = volume[:len(close)]
	out = out[:len(close)]
	for i := 0; i < len(close); {
		pc, obv := close[i], volume[i]
		if pc-pc+obv-obv != 0 {
			out[i] = nan
			i++
			continue
		}
		out[i] = obv // (re)start: OBV = first usable volume
		for i++; i < len(close); i++ {
			c, v := close[i], volume[i]
			if c-c+v-v != 0 {
				break // the outer loop emits NaN and restarts
			}
			if c > pc {
				obv += v
			} else if c < pc {
				obv -= v
			}
			pc = c
			out[i] = obv
		}
	}
}
