// Package tray is the desktop app's system tray: the menu (show/hide the
// window, update prices now, pause/resume background updates, the local API
// server on/off with its address, open the data folder, quit), the tooltip
// (last price update and KR gate colour) and an icon coloured by the gate.
// The tray library (fyne.io/systray, see fyne.go) sits behind the small
// Backend interface so the menu logic is tested without a desktop.
//
// The package also holds the other bits of desktop integration: launch at
// login (autostart*.go) and the single-instance lock (instance*.go).
package tray

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Backend is what the tray needs from a tray library.
type Backend interface {
	SetIcon(png []byte)
	SetTitle(title string)
	SetTooltip(tooltip string)
	AddItem(title, tooltip string) Item
	AddSeparator()
}

// Item is one menu entry.
type Item interface {
	SetTitle(title string)
	Clicked() <-chan struct{}
}

// Actions are what the menu entries do. Every field is required.
type Actions struct {
	// ShowWindow shows and focuses the window (show) or hides it.
	ShowWindow func(show bool)
	// UpdatePrices starts a price update now.
	UpdatePrices func()
	// SetPaused pauses or resumes the background updates.
	SetPaused func(paused bool)
	// SetAPIServer starts or stops the local API and returns its address
	// ("" when stopped).
	SetAPIServer func(on bool) (addr string, err error)
	// OpenDataDir opens the data folder in the file manager.
	OpenDataDir func()
	// Quit quits the app for real.
	Quit func()
}

// State is what the menu and tooltip show.
type State struct {
	WindowVisible bool
	Paused        bool
	APIAddr       string // "" = the local API is stopped
	LastUpdate    time.Time
	Gate          Colour
	Language      string         // "ko" or "en"
	Zone          *time.Location // for the tooltip's time (nil: local)
	Error         string         // last action error, shown in the tooltip
}

// Menu entry indexes, in creation order (the D-Bus menu ids are these + 1
// on Linux, separators taking an id too: see scripts/tray-test.sh, which
// finds entries by label instead).
const (
	itemWindow = iota
	itemUpdate
	itemPause
	itemAPI
	itemFolder
	itemQuit
	itemCount
)

// Tray is a built tray menu. Safe for concurrent use.
type Tray struct {
	b     Backend
	a     Actions
	items [itemCount]Item

	mu     sync.Mutex
	state  State
	shown  [itemCount]string
	tip    string
	colour Colour
	iconOK bool
}

// New builds the menu on b (call it from the tray library's ready
// callback) and shows initial.
func New(b Backend, a Actions, initial State) *Tray {
	t := &Tray{b: b, a: a, state: initial}
	l := labelsFor(initial.Language)
	b.SetTitle("KR Market")
	t.items[itemWindow] = b.AddItem(l.hide, "")
	t.items[itemUpdate] = b.AddItem(l.update, "")
	t.items[itemPause] = b.AddItem(l.pause, "")
	t.items[itemAPI] = b.AddItem(l.apiOff, "")
	b.AddSeparator()
	t.items[itemFolder] = b.AddItem(l.folder, "")
	b.AddSeparator()
	t.items[itemQuit] = b.AddItem(l.quit, "")
	t.mu.Lock()
	t.refreshLocked()
	t.mu.Unlock()
	return t
}

// State returns what the tray shows now.
func (t *Tray) State() State {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.state
}

// Update changes the state and redraws what changed.
func (t *Tray) Update(fn func(*State)) {
	t.mu.Lock()
	defer t.mu.Unlock()
	fn(&t.state)
	t.refreshLocked()
}

// refreshLocked sets the labels, tooltip and icon that differ from what is
// shown. t.mu held.
func (t *Tray) refreshLocked() {
	l := labelsFor(t.state.Language)
	want := [itemCount]string{
		itemWindow: pick(t.state.WindowVisible, l.hide, l.show),
		itemUpdate: l.update,
		itemPause:  pick(t.state.Paused, l.resume, l.pause),
		itemAPI:    l.api(t.state.APIAddr),
		itemFolder: l.folder,
		itemQuit:   l.quit,
	}
	for i, s := range want {
		if t.shown[i] != s {
			t.items[i].SetTitle(s)
			t.shown[i] = s
		}
	}
	if tip := Tooltip(t.state); tip != t.tip {
		t.b.SetTooltip(tip)
		t.tip = tip
	}
	if !t.iconOK || t.colour != t.state.Gate {
		t.b.SetIcon(Icon(t.state.Gate))
		t.colour, t.iconOK = t.state.Gate, true
	}
}

func pick(c bool, a, b string) string {
	if c {
		return a
	}
	return b
}

// Run handles clicks until ctx ends.
func (t *Tray) Run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.items[itemWindow].Clicked():
			show := !t.State().WindowVisible
			t.a.ShowWindow(show)
			t.Update(func(s *State) { s.WindowVisible = show })
		case <-t.items[itemUpdate].Clicked():
			t.a.UpdatePrices()
		case <-t.items[itemPause].Clicked():
			p := !t.State().Paused
			t.a.SetPaused(p)
			t.Update(func(s *State) { s.Paused = p })
		case <-t.items[itemAPI].Clicked():
			on := t.State().APIAddr == ""
			addr, err := t.a.SetAPIServer(on)
			t.Update(func(s *State) {
				s.APIAddr, s.Error = addr, ""
				if err != nil {
					s.Error = err.Error()
				}
			})
		case <-t.items[itemFolder].Clicked():
			t.a.OpenDataDir()
		case <-t.items[itemQuit].Clicked():
			t.a.Quit()
			return
		}
	}
}

type labels struct {
	show, hide, update, pause, resume, folder, quit string
	apiOn, apiOff, tipNever, tipPrices, tipGate     string
	gate                                            map[Colour]string
}

func (l labels) api(addr string) string {
	if addr == "" {
		return l.apiOff
	}
	return fmt.Sprintf(l.apiOn, addr)
}

var (
	english = labels{
		show: "Show window", hide: "Hide window", update: "Update prices now",
		pause: "Pause background updates", resume: "Resume background updates",
		folder: "Open data folder", quit: "Quit",
		apiOn: "Local API server: on (%s)", apiOff: "Local API server: off",
		tipNever: "Prices not updated yet", tipPrices: "Prices updated %s", tipGate: "KR gate: %s",
		gate: map[Colour]string{Green: "green", Yellow: "yellow", Red: "red", Unknown: "unknown"},
	}
	korean = labels{
		show: "창 보이기", hide: "창 숨기기", update: "지금 시세 업데이트",
		pause: "백그라운드 업데이트 일시정지", resume: "백그라운드 업데이트 재개",
		folder: "데이터 폴더 열기", quit: "종료",
		apiOn: "로컬 API 서버: 켜짐 (%s)", apiOff: "로컬 API 서버: 꺼짐",
		tipNever: "시세 업데이트 전", tipPrices: "시세 업데이트 %s", tipGate: "KR 게이트: %s",
		gate: map[Colour]string{Green: "초록", Yellow: "노랑", Red: "빨강", Unknown: "알 수 없음"},
	}
)

func labelsFor(lang string) labels {
	if lang == "ko" {
		return korean
	}
	return english
}

// Tooltip is the tray tooltip for s: the app name, the last price update
// (date and time in s.Zone) and the KR gate colour, one per line, then
// whether background updates are paused and the last action error.
func Tooltip(s State) string {
	l := labelsFor(s.Language)
	zone := s.Zone
	if zone == nil {
		zone = time.Local
	}
	lines := []string{"KR Market"}
	if s.LastUpdate.IsZero() {
		lines = append(lines, l.tipNever)
	} else {
		lines = append(lines, fmt.Sprintf(l.tipPrices, s.LastUpdate.In(zone).Format("2006-01-02 15:04 MST")))
	}
	lines = append(lines, fmt.Sprintf(l.tipGate, l.gate[s.Gate]))
	if s.Paused {
		lines = append(lines, pick(s.Language == "ko", "백그라운드 업데이트 일시정지됨", "Background updates paused"))
	}
	if s.Error != "" {
		lines = append(lines, s.Error)
	}
	return strings.Join(lines, "\n")
}
