package tray

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"
	"sync"
)

// Colour is a market gate colour as the tray shows it.
type Colour string

// Gate colours.
const (
	Unknown Colour = ""
	Green   Colour = "green"
	Yellow  Colour = "yellow"
	Red     Colour = "red"
)

// ColourOf maps a gate's answer to a colour: green/bullish/risk_on → green,
// yellow/amber/neutral → yellow, red/bearish/risk_off → red (any case,
// '-' or ' ' for '_'), anything else → Unknown.
func ColourOf(s string) Colour {
	switch strings.NewReplacer("-", "_", " ", "_").Replace(strings.ToLower(strings.TrimSpace(s))) {
	case "green", "bullish", "risk_on":
		return Green
	case "yellow", "amber", "neutral":
		return Yellow
	case "red", "bearish", "risk_off":
		return Red
	}
	return Unknown
}

// IconSize is the icon's width and height in pixels.
const IconSize = 32

var fills = map[Colour]color.NRGBA{
	Green:   {0x22, 0xc5, 0x5e, 0xff},
	Yellow:  {0xea, 0xb3, 0x08, 0xff},
	Red:     {0xef, 0x44, 0x44, 0xff},
	Unknown: {0x9c, 0xa3, 0xaf, 0xff},
}

var (
	iconMu    sync.Mutex
	iconCache = map[Colour][]byte{}
)

// Icon is the tray icon for a gate colour: a 32×32 PNG of a filled disc in
// the colour with a dark rim (visible on light and dark panels), drawn
// anti-aliased in code. Unknown colours get grey.
func Icon(c Colour) []byte {
	if _, ok := fills[c]; !ok {
		c = Unknown
	}
	iconMu.Lock()
	defer iconMu.Unlock()
	if b, ok := iconCache[c]; ok {
		return b
	}
	b := drawDisc(fills[c])
	iconCache[c] = b
	return b
}

// drawDisc renders the icon with 4×4 supersampling per pixel.
func drawDisc(fill color.NRGBA) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, IconSize, IconSize))
	const ss = 4
	centre := float64(IconSize) / 2
	outer, inner := centre-1, centre-3.5 // rim 2.5 px wide
	rim := color.NRGBA{uint8(float64(fill.R) * 0.45), uint8(float64(fill.G) * 0.45), uint8(float64(fill.B) * 0.45), 0xff}
	for y := range IconSize {
		for x := range IconSize {
			var nIn, nRim int
			for sy := range ss {
				for sx := range ss {
					dx := float64(x) + (float64(sx)+0.5)/ss - centre
					dy := float64(y) + (float64(sy)+0.5)/ss - centre
					switch d := math.Hypot(dx, dy); {
					case d <= inner:
						nIn++
					case d <= outer:
						nRim++
					}
				}
			}
			cover := nIn + nRim
			if cover == 0 {
				continue
			}
			mix := func(a, b uint8) uint8 { return uint8((int(a)*nIn + int(b)*nRim) / cover) }
			img.SetNRGBA(x, y, color.NRGBA{mix(fill.R, rim.R), mix(fill.G, rim.G), mix(fill.B, rim.B), uint8(255 * cover / (ss * ss))})
		}
	}
	var buf bytes.Buffer
	_ = png.Encode(&buf, img) // encoding an in-memory NRGBA cannot fail
	return buf.Bytes()
}

// ICO wraps a PNG in a one-image .ico container (Windows' tray wants .ico;
// PNG-compressed entries are valid since Windows Vista).
func ICO(pngData []byte) []byte {
	cfg, err := png.DecodeConfig(bytes.NewReader(pngData))
	if err != nil {
		return nil
	}
	dim := func(n int) byte {
		if n >= 256 {
			return 0 // 0 means 256
		}
		return byte(n)
	}
	var buf bytes.Buffer
	// ICONDIR: reserved, type 1 (icon), one image.
	_ = binary.Write(&buf, binary.LittleEndian, [3]uint16{0, 1, 1})
	// ICONDIRENTRY: width, height, colours, reserved, planes, bpp, size, offset.
	buf.Write([]byte{dim(cfg.Width), dim(cfg.Height), 0, 0})
	_ = binary.Write(&buf, binary.LittleEndian, [2]uint16{1, 32})
	_ = binary.Write(&buf, binary.LittleEndian, [2]uint32{uint32(len(pngData)), 6 + 16})
	buf.Write(pngData)
	return buf.Bytes()
}
