package store

import (
	"errors"
	"math"
	"testing"
)

func TestChunkRoundTripAndMerge(t *testing.T) {
	base := []record{{ts: 10, v: [maxCols]float64{1, 2, 3}}, {ts: 20, v: [maxCols]float64{4, 5, 6}}, {ts: 30}}
	upd := []record{{ts: 25, v: [maxCols]float64{9}}, {ts: 20, v: [maxCols]float64{7}}, {ts: 5}, {ts: 25, v: [maxCols]float64{8}}}
	m := mergeRecords(base, upd)
	wantTs := []int64{5, 10, 20, 25, 30}
	if len(m) != len(wantTs) {
		t.Fatalf("merged %v", m)
	}
	for i, r := range m {
		if r.ts != wantTs[i] {
			t.Fatalf("merged times %v", m)
		}
	}
	if m[2].v[0] != 7 || m[3].v[0] != 8 {
		t.Fatalf("update must win and the last duplicate must win: %v", m)
	}
	b := encodeChunk(m, 3)
	got, err := decodeChunk(b, 3)
	if err != nil || len(got) != 5 || got[1].v != m[1].v {
		t.Fatalf("round trip: %v %v", got, err)
	}
	if _, err := decodeChunk(b, 6); !errors.Is(err, errChunk) {
		t.Fatalf("wrong column count accepted: %v", err)
	}
	if _, err := decodeChunk(b[:len(b)-1], 3); !errors.Is(err, errChunk) {
		t.Fatalf("truncated chunk accepted: %v", err)
	}
	// Exactness: integers, cents and arbitrary floats survive unchanged.
	vals := []record{{ts: 1, v: [maxCols]float64{71300, 123.45, 0.1 + 0.2, -3, 1e15, 2.5e-7}}, {ts: 86401, v: [maxCols]float64{71400, 99.99, math.Pi, 0, 1, 0}}}
	back, err := decodeChunk(encodeChunk(vals, 6), 6)
	if err != nil || back[0] != vals[0] || back[1] != vals[1] {
		t.Fatalf("exact round trip: %v %v", back, err)
	}
	if ints := encodeChunk([]record{{ts: 1, v: [maxCols]float64{70000}}, {ts: 2, v: [maxCols]float64{70100}}}, 1); len(ints) > 17 { // raw float64 would take 28
		t.Fatalf("integer column not compact: %d bytes", len(ints))
	}
	nan := encodeChunk([]record{{ts: 1, v: [maxCols]float64{math.NaN()}}}, 1)
	if got, err := decodeChunk(nan, 1); err != nil || !math.IsNaN(got[0].v[0]) {
		t.Fatalf("NaN round trip: %v %v", got, err)
	}
}

// The chunk decoder is a parser of bytes read from disk: it must reject
// damage with an error, never panic, and accept only ordered records.
func FuzzDecodeChunk(f *testing.F) {
	f.Add(encodeChunk([]record{{ts: 1, v: [maxCols]float64{1, 2, 3, 4, 5, 6}}, {ts: 2}}, 6), 6)
	f.Add(encodeChunk([]record{{ts: 1}}, 3), 3)
	f.Add([]byte("KRMS\x02\x06\x00\x00garbage"), 6)
	f.Add(encodeChunk([]record{{ts: -5, v: [maxCols]float64{123.45, 1e300, math.NaN(), -0.5, 7, 1e-9}}, {ts: 99, v: [maxCols]float64{0.01}}}, 6), 6)
	f.Add([]byte{}, 1)
	f.Fuzz(func(t *testing.T, b []byte, ncols int) {
		recs, err := decodeChunk(b, ncols)
		if err != nil {
			return
		}
		for i := 1; i < len(recs); i++ {
			if recs[i].ts <= recs[i-1].ts {
				t.Fatalf("accepted unordered records")
			}
		}
		again, err := decodeChunk(encodeChunk(recs, ncols), ncols)
		if err != nil || len(again) != len(recs) {
			t.Fatalf("re-encoding fails: %v", err)
		}
		for i := range recs {
			for c := 0; c < ncols; c++ {
				x, y := recs[i].v[c], again[i].v[c]
				if x != y && !(math.IsNaN(x) && math.IsNaN(y)) {
					t.Fatalf("value %d/%d changed: %v → %v", i, c, x, y)
				}
			}
		}
	})
}
