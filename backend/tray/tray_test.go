package tray

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeBackend records what the tray shows; its items are clicked by tests.
type fakeBackend struct {
	mu      sync.Mutex
	items   []*fakeItem
	seps    int
	icon    []byte
	icons   int
	tooltip string
	title   string
}

type fakeItem struct {
	mu    sync.Mutex
	title string
	sets  int
	ch    chan struct{}
}

func (b *fakeBackend) SetIcon(p []byte)      { b.mu.Lock(); b.icon = p; b.icons++; b.mu.Unlock() }
func (b *fakeBackend) SetTitle(s string)     { b.mu.Lock(); b.title = s; b.mu.Unlock() }
func (b *fakeBackend) SetTooltip(s string)   { b.mu.Lock(); b.tooltip = s; b.mu.Unlock() }
func (b *fakeBackend) AddSeparator()         { b.mu.Lock(); b.seps++; b.mu.Unlock() }
func (i *fakeItem) SetTitle(s string)        { i.mu.Lock(); i.title = s; i.sets++; i.mu.Unlock() }
func (i *fakeItem) Clicked() <-chan struct{} { return i.ch }
func (i *fakeItem) Title() string            { i.mu.Lock(); defer i.mu.Unlock(); return i.title }
func (b *fakeBackend) AddItem(title, _ string) Item {
	b.mu.Lock()
	defer b.mu.Unlock()
	it := &fakeItem{title: title, ch: make(chan struct{})}
	b.items = append(b.items, it)
	return it
}

func (b *fakeBackend) labels() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make([]string, len(b.items))
	for i, it := range b.items {
		out[i] = it.Title()
	}
	return out
}

func (b *fakeBackend) click(i int) { b.items[i].ch <- struct{}{} }

type calls struct {
	mu  sync.Mutex
	log []string
}

func (c *calls) add(s string) { c.mu.Lock(); c.log = append(c.log, s); c.mu.Unlock() }
func (c *calls) get() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.log...)
}

func newTestTray(t *testing.T, st State) (*Tray, *fakeBackend, *calls, chan struct{}) {
	b := &fakeBackend{}
	c := &calls{}
	quit := make(chan struct{})
	a := Actions{
		ShowWindow:   func(show bool) { c.add("window " + map[bool]string{true: "show", false: "hide"}[show]) },
		UpdatePrices: func() { c.add("update") },
		SetPaused:    func(p bool) { c.add("paused " + map[bool]string{true: "on", false: "off"}[p]) },
		SetAPIServer: func(on bool) (string, error) {
			c.add("api " + map[bool]string{true: "on", false: "off"}[on])
			if on {
				return "127.0.0.1:5001", nil
			}
			return "", nil
		},
		OpenDataDir: func() { c.add("folder") },
		Quit:        func() { c.add("quit"); close(quit) },
	}
	tr := New(b, a, st)
	return tr, b, c, quit
}

func TestMenuLabelsAndTooltip(t *testing.T) {
	seoul, _ := time.LoadLocation("Asia/Seoul")
	last := time.Date(2026, 3, 10, 5, 35, 0, 0, time.UTC)
	tr, b, _, _ := newTestTray(t, State{WindowVisible: true, Language: "en", Zone: seoul, LastUpdate: last, Gate: Green})
	want := []string{"Hide window", "Update prices now", "Pause background updates", "Local API server: off", "Open data folder", "Quit"}
	if got := b.labels(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("labels %q, want %q", got, want)
	}
	if b.seps != 2 || b.title != "KR Market" {
		t.Fatalf("separators %d, title %q", b.seps, b.title)
	}
	if want := "KR Market\nPrices updated 2026-03-10 14:35 KST\nKR gate: green"; b.tooltip != want {
		t.Fatalf("tooltip %q, want %q", b.tooltip, want)
	}
	if !bytes.Equal(b.icon, Icon(Green)) {
		t.Fatal("icon is not the green one")
	}
	icons := b.icons
	tr.Update(func(s *State) { s.Paused, s.APIAddr, s.Language, s.WindowVisible = true, "127.0.0.1:5001", "ko", false })
	want = []string{"창 보이기", "지금 시세 업데이트", "백그라운드 업데이트 재개", "로컬 API 서버: 켜짐 (127.0.0.1:5001)", "데이터 폴더 열기", "종료"}
	if got := b.labels(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("labels %q, want %q", got, want)
	}
	if !strings.Contains(b.tooltip, "KR 게이트: 초록") || !strings.Contains(b.tooltip, "일시정지됨") {
		t.Fatalf("tooltip %q", b.tooltip)
	}
	if b.icons != icons {
		t.Fatal("the icon was reset although the gate did not change")
	}
	tr.Update(func(s *State) { s.Gate = Red })
	if b.icons != icons+1 || !bytes.Equal(b.icon, Icon(Red)) {
		t.Fatal("a gate change must redraw the icon in red")
	}
	// Unchanged labels are not set again.
	sets := b.items[itemUpdate].sets
	tr.Update(func(s *State) {})
	if b.items[itemUpdate].sets != sets {
		t.Fatal("unchanged label set again")
	}
	if tip := Tooltip(State{Language: "en"}); tip != "KR Market\nPrices not updated yet\nKR gate: unknown" {
		t.Fatalf("empty tooltip %q", tip)
	}
}

func TestClicks(t *testing.T) {
	tr, b, c, quit := newTestTray(t, State{WindowVisible: true, Language: "en"})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	go func() { tr.Run(ctx); close(done) }()
	for _, i := range []int{itemWindow, itemWindow, itemUpdate, itemPause, itemPause, itemAPI, itemAPI, itemFolder, itemPause, itemAPI, itemQuit} {
		b.click(i)
	}
	<-quit
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after Quit")
	}
	want := []string{"window hide", "window show", "update", "paused on", "paused off", "api on", "api off", "folder", "paused on", "api on", "quit"}
	if got := c.get(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("actions %q\nwant    %q", got, want)
	}
	st := tr.State()
	if !st.Paused || st.APIAddr != "127.0.0.1:5001" || !st.WindowVisible {
		t.Fatalf("state %+v", st)
	}
	if got := b.labels()[itemAPI]; got != "Local API server: on (127.0.0.1:5001)" {
		t.Fatalf("API label %q", got)
	}
}

func TestAPIServerErrorShown(t *testing.T) {
	tr, b, _, _ := newTestTray(t, State{Language: "en"})
	tr.a.SetAPIServer = func(bool) (string, error) { return "", errors.New("listen on 127.0.0.1:5001: address already in use") }
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go tr.Run(ctx)
	b.click(itemAPI)
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(tr.State().Error, "address already in use") {
		if time.Now().After(deadline) {
			t.Fatal("error not shown")
		}
		time.Sleep(time.Millisecond)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if !strings.HasSuffix(b.tooltip, "address already in use") {
		t.Fatalf("tooltip %q", b.tooltip)
	}
}

func TestColourOf(t *testing.T) {
	for in, want := range map[string]Colour{
		"GREEN": Green, "bullish": Green, "RISK_ON": Green, "risk-on": Green,
		"yellow": Yellow, "Neutral": Yellow, " amber ": Yellow,
		"red": Red, "BEARISH": Red, "risk off": Red,
		"": Unknown, "purple": Unknown,
	} {
		if got := ColourOf(in); got != want {
			t.Errorf("ColourOf(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIcons(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range []Colour{Green, Yellow, Red, Unknown, "nonsense"} {
		b := Icon(c)
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", c, err)
		}
		if img.Bounds().Dx() != IconSize || img.Bounds().Dy() != IconSize {
			t.Fatalf("%s: size %v", c, img.Bounds())
		}
		// Centre: the fill colour, opaque; corner: transparent.
		r, g, bl, a := img.At(IconSize/2, IconSize/2).RGBA()
		f := fills[c]
		if c == "nonsense" {
			f = fills[Unknown]
		}
		if a != 0xffff || uint8(r>>8) != f.R || uint8(g>>8) != f.G || uint8(bl>>8) != f.B {
			t.Errorf("%s: centre %v,%v,%v,%v want %v", c, r>>8, g>>8, bl>>8, a>>8, f)
		}
		if _, _, _, a := img.At(0, 0).RGBA(); a != 0 {
			t.Errorf("%s: corner not transparent", c)
		}
		seen[string(b)] = true
	}
	if len(seen) != 4 {
		t.Fatalf("%d distinct icons, want 4", len(seen))
	}
	ico := ICO(Icon(Green))
	var hdr [3]uint16
	_ = binary.Read(bytes.NewReader(ico[:6]), binary.LittleEndian, &hdr)
	size := binary.LittleEndian.Uint32(ico[14:18])
	off := binary.LittleEndian.Uint32(ico[18:22])
	if hdr != [3]uint16{0, 1, 1} || ico[6] != IconSize || int(size) != len(Icon(Green)) || off != 22 || !bytes.Equal(ico[22:], Icon(Green)) {
		t.Fatalf("bad ICO header % x", ico[:22])
	}
	if ICO([]byte("not a png")) != nil {
		t.Fatal("ICO of garbage must be nil")
	}
}

func TestDesktopExec(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"/usr/bin/krmarket", "--start-hidden"}, "/usr/bin/krmarket --start-hidden"},
		{[]string{"/opt/KR Market/krmarket"}, `"/opt/KR Market/krmarket"`},
		{[]string{"/a/b", `--x=$HOME "q"`, "100%"}, `/a/b "--x=\\$HOME \\"q\\"" 100%%`},
		{[]string{"/a", ""}, `/a ""`},
	}
	for _, tc := range tests {
		if got := desktopExec(tc.args); got != tc.want {
			t.Errorf("desktopExec(%q) = %s, want %s", tc.args, got, tc.want)
		}
	}
}

func TestAutostartLinux(t *testing.T) {
	dir := t.TempDir()
	a := Autostart{Name: "krmarket", DisplayName: "KR Market", Exec: []string{"/opt/KR Market/krmarket", "--start-hidden"}, Dir: dir}
	if a.Enabled() {
		t.Fatal("enabled before Enable")
	}
	if err := a.Enable(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "krmarket.desktop"))
	if err != nil {
		t.Fatal(err)
	}
	want := "[Desktop Entry]\nType=Application\nName=KR Market\nExec=\"/opt/KR Market/krmarket\" --start-hidden\nTerminal=false\nX-GNOME-Autostart-enabled=true\n"
	if string(b) != want {
		t.Fatalf("entry:\n%s\nwant:\n%s", b, want)
	}
	if !a.Enabled() {
		t.Fatal("not enabled after Enable")
	}
	if err := a.Disable(); err != nil || a.Enabled() {
		t.Fatalf("Disable: %v, enabled %v", err, a.Enabled())
	}
	if err := a.Disable(); err != nil {
		t.Fatalf("second Disable: %v", err)
	}
	if err := (Autostart{Name: "x", Dir: dir}).Enable(); !errors.Is(err, ErrNoExec) {
		t.Fatalf("no exec: %v", err)
	}
	if err := (Autostart{Name: "../x", Exec: []string{"/bin/true"}, Dir: dir}).Enable(); err == nil {
		t.Fatal("a name with a slash was accepted")
	}
	// XDG_CONFIG_HOME is honoured.
	t.Setenv("XDG_CONFIG_HOME", dir)
	if p := (Autostart{Name: "krmarket"}).path(); p != filepath.Join(dir, "autostart", "krmarket.desktop") {
		t.Fatalf("path %s", p)
	}
}

func TestSingleInstance(t *testing.T) {
	dir := t.TempDir()
	shown := make(chan []string, 4)
	first, err := Acquire(dir, []string{"--first"}, func(args []string) { shown <- args })
	if err != nil {
		t.Fatal(err)
	}
	_, err = Acquire(dir, []string{"--source", "demo"}, func([]string) { t.Error("the second instance must not serve") })
	var re *RunningError
	if !errors.Is(err, ErrRunning) || !errors.As(err, &re) || !re.Shown {
		t.Fatalf("second Acquire: %v", err)
	}
	select {
	case args := <-shown:
		if strings.Join(args, " ") != "--source demo" {
			t.Fatalf("first got args %q", args)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the first instance was not asked to show its window")
	}
	if err := first.Release(); err != nil {
		t.Fatal(err)
	}
	// A socket file left by a killed process does not stop the next start.
	if err := os.WriteFile(socketPath(dir), []byte("stale"), 0o600); err != nil {
		t.Fatal(err)
	}
	again, err := Acquire(dir, nil, nil)
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	defer again.Release()
	var nilInst *Instance
	if nilInst.Release() != nil {
		t.Fatal("nil Release")
	}
}

func TestSocketPathLong(t *testing.T) {
	long := "/" + strings.Repeat("d", 120)
	p := socketPath(long)
	if len(p) >= 108 || !strings.HasPrefix(filepath.Base(p), "krmarket-") || p != socketPath(long) {
		t.Fatalf("socket path %q", p)
	}
}
