package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadDefaultsFileAndEnv(t *testing.T) {
	dir := t.TempDir()
	c, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != DefaultAddr || c.Source != SourceAuto || c.DataDir != dir {
		t.Fatalf("defaults %+v", c)
	}
	c.Theme = "light"
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(filepath.Join(dir, FileName)); fi.Mode().Perm() != 0o600 {
		t.Fatalf("settings mode %v", fi.Mode())
	}
	t.Setenv("KRMARKET_SOURCE", "demo")
	c2, err := Load(dir)
	if err != nil || c2.Theme != "light" || c2.Source != "demo" {
		t.Fatalf("reload %+v %v", c2, err)
	}
}

func TestLoadRejectsBadFiles(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, FileName), []byte(`{"theme":`), 0o600)
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), "parse settings") {
		t.Fatalf("err %v", err)
	}
	os.WriteFile(filepath.Join(dir, FileName), []byte(`{"source":"sometimes"}`), 0o600)
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), "want auto, demo or live") {
		t.Fatalf("err %v", err)
	}
	// The file can never move the data dir.
	os.WriteFile(filepath.Join(dir, FileName), []byte(`{"data_dir":"/etc"}`), 0o600)
	if c, err := Load(dir); err != nil || c.DataDir != dir {
		t.Fatalf("data dir %q %v", c.DataDir, err)
	}
}

func TestTokenCreatedOnceWith0600(t *testing.T) {
	dir := t.TempDir()
	a, err := LoadOrCreateToken(dir)
	if err != nil || len(a) != 64 {
		t.Fatalf("token %q %v", a, err)
	}
	fi, err := os.Stat(filepath.Join(dir, TokenFile))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("token file mode %v %v", fi.Mode(), err)
	}
	b, _ := LoadOrCreateToken(dir)
	if a != b {
		t.Fatal("token changed on second load")
	}
	os.Chmod(filepath.Join(dir, TokenFile), 0o644)
	LoadOrCreateToken(dir)
	if fi, _ := os.Stat(filepath.Join(dir, TokenFile)); fi.Mode().Perm() != 0o600 {
		t.Fatal("loose permissions not tightened")
	}
	os.WriteFile(filepath.Join(dir, TokenFile), []byte("short"), 0o600)
	c, _ := LoadOrCreateToken(dir)
	if c == a || len(c) != 64 {
		t.Fatal("malformed token not replaced")
	}
}

func TestSourceURLsFromEnvAndValidation(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("KRMARKET_YAHOO_URL", "http://127.0.0.1:9999")
	t.Setenv("KRMARKET_SEC_CONTACT", "KR Market test@example.com")
	c, err := Load(dir)
	if err != nil || c.Sources.YahooURL != "http://127.0.0.1:9999" || c.Sources.SECContact != "KR Market test@example.com" {
		t.Fatalf("%+v %v", c.Sources, err)
	}
	t.Setenv("KRMARKET_NAVER_URL", "file:///etc/passwd")
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), "naver_url") {
		t.Fatalf("file URL accepted: %v", err)
	}
}
