package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"
)

// A chunk packs one year of a time series into a BLOB, column by column:
//
//	"KRMS" | version 2 | column count | 2 reserved bytes | uvarint record count
//	times:  varint first time, then uvarint gaps (strictly increasing)
//	per value column: a mode byte, then
//	  mode 0: float64 little endian per record (any value, NaN included)
//	  mode 1+k: every value is an integer after scaling by 10^k (k ≤ 8);
//	           zigzag varint deltas of the scaled integers
//
// KRW prices, volumes and share counts are integers and US prices have
// cents, so most columns take one or two bytes a record instead of eight:
// bulk loads write a quarter of the bytes and whole series read in one row.

const (
	chunkMagic   = "KRMS"
	chunkVersion = 2
	chunkHeader  = 8
	maxCols      = 6
	maxScale     = 8
)

// record is one time-stamped row of up to maxCols values.
type record struct {
	ts int64
	v  [maxCols]float64
}

// errChunk marks a damaged chunk.
var errChunk = errors.New("damaged series chunk")

var pow10 = [maxScale + 1]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8}

// scaleFor returns the smallest k such that every value times 10^k is an
// exactly representable integer, or -1.
func scaleFor(recs []record, c int) int {
	for k := 0; k <= maxScale; k++ {
		ok := true
		for i := range recs {
			v := recs[i].v[c]
			x := math.Round(v * pow10[k])
			if math.IsNaN(v) || math.Abs(x) > 1<<52 || x/pow10[k] != v {
				ok = false
				break
			}
		}
		if ok {
			return k
		}
	}
	return -1
}

func encodeChunk(recs []record, ncols int) []byte {
	b := make([]byte, chunkHeader, chunkHeader+len(recs)*(2+3*ncols))
	copy(b, chunkMagic)
	b[4], b[5] = chunkVersion, byte(ncols)
	b = binary.AppendUvarint(b, uint64(len(recs)))
	for i, r := range recs {
		if i == 0 {
			b = binary.AppendVarint(b, r.ts)
		} else {
			b = binary.AppendUvarint(b, uint64(r.ts-recs[i-1].ts))
		}
	}
	for c := 0; c < ncols; c++ {
		k := scaleFor(recs, c)
		if k < 0 {
			b = append(b, 0)
			for _, r := range recs {
				b = binary.LittleEndian.AppendUint64(b, math.Float64bits(r.v[c]))
			}
			continue
		}
		b = append(b, byte(1+k))
		var prev int64
		for _, r := range recs {
			x := int64(math.Round(r.v[c] * pow10[k]))
			b = binary.AppendVarint(b, x-prev)
			prev = x
		}
	}
	return b
}

// decodeChunk parses a chunk written with ncols columns; it never panics on
// bad input and rejects chunks whose times are not strictly increasing.
func decodeChunk(b []byte, ncols int) ([]record, error) {
	if len(b) < chunkHeader || string(b[:4]) != chunkMagic {
		return nil, fmt.Errorf("%w: bad header", errChunk)
	}
	if b[4] != chunkVersion || int(b[5]) != ncols || ncols < 1 || ncols > maxCols {
		return nil, fmt.Errorf("%w: version %d with %d columns, want %d", errChunk, b[4], b[5], ncols)
	}
	p := chunkHeader
	n, w := binary.Uvarint(b[p:])
	// every record needs at least one byte per column and time
	if w <= 0 || n > uint64(len(b)) {
		return nil, fmt.Errorf("%w: bad record count", errChunk)
	}
	p += w
	recs := make([]record, n)
	for i := range recs {
		if i == 0 {
			t, w := binary.Varint(b[p:])
			if w <= 0 {
				return nil, fmt.Errorf("%w: truncated times", errChunk)
			}
			recs[0].ts, p = t, p+w
			continue
		}
		d, w := binary.Uvarint(b[p:])
		if w <= 0 || d == 0 || d > math.MaxInt64/2 {
			return nil, fmt.Errorf("%w: times out of order", errChunk)
		}
		recs[i].ts, p = recs[i-1].ts+int64(d), p+w
		if recs[i].ts <= recs[i-1].ts {
			return nil, fmt.Errorf("%w: times out of order", errChunk)
		}
	}
	for c := 0; c < ncols; c++ {
		if p >= len(b) {
			return nil, fmt.Errorf("%w: truncated column", errChunk)
		}
		mode := int(b[p])
		p++
		switch {
		case mode == 0:
			if len(b)-p < 8*len(recs) {
				return nil, fmt.Errorf("%w: truncated column", errChunk)
			}
			for i := range recs {
				recs[i].v[c] = math.Float64frombits(binary.LittleEndian.Uint64(b[p:]))
				p += 8
			}
		case mode-1 <= maxScale:
			var prev int64
			for i := range recs {
				d, w := binary.Varint(b[p:])
				if w <= 0 {
					return nil, fmt.Errorf("%w: truncated column", errChunk)
				}
				prev += d
				p += w
				recs[i].v[c] = float64(prev) / pow10[mode-1]
			}
		default:
			return nil, fmt.Errorf("%w: unknown column mode %d", errChunk, mode)
		}
	}
	if p != len(b) {
		return nil, fmt.Errorf("%w: trailing bytes", errChunk)
	}
	return recs, nil
}

// mergeRecords merges sorted-or-not updates into a sorted base; an update
// replaces the base record with the same time.
func mergeRecords(base, upd []record) []record {
	slices.SortStableFunc(upd, func(a, b record) int { return cmpInt(a.ts, b.ts) })
	// drop duplicate times within the update, keeping the last one
	w := 0
	for i := range upd {
		if w > 0 && upd[w-1].ts == upd[i].ts {
			upd[w-1] = upd[i]
			continue
		}
		upd[w] = upd[i]
		w++
	}
	upd = upd[:w]
	if len(base) == 0 {
		return upd
	}
	out := make([]record, 0, len(base)+len(upd))
	i, j := 0, 0
	for i < len(base) || j < len(upd) {
		switch {
		case j == len(upd) || (i < len(base) && base[i].ts < upd[j].ts):
			out = append(out, base[i])
			i++
		case i == len(base) || upd[j].ts < base[i].ts:
			out = append(out, upd[j])
			j++
		default: // same time: the update wins
			out = append(out, upd[j])
			i++
			j++
		}
	}
	return out
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func yearOf(ts int64) int { return time.Unix(ts, 0).UTC().Year() }
