package secrets

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/zalando/go-keyring"
)

type fakeKeyring struct {
	m    map[string]string
	down bool
}

func (f *fakeKeyring) Get(s, u string) (string, error) {
	if f.down {
		return "", errors.New("no secret service on the bus")
	}
	v, ok := f.m[s+"/"+u]
	if !ok {
		return "", keyring.ErrNotFound
	}
	return v, nil
}
func (f *fakeKeyring) Set(s, u, p string) error { f.m[s+"/"+u] = p; return nil }
func (f *fakeKeyring) Delete(s, u string) error {
	if _, ok := f.m[s+"/"+u]; !ok {
		return keyring.ErrNotFound
	}
	delete(f.m, s+"/"+u)
	return nil
}

func TestKeychainWhenAvailable(t *testing.T) {
	dir := t.TempDir()
	kr := &fakeKeyring{m: map[string]string{}}
	s := Open(dir, kr)
	if s.Backend() != "keychain" {
		t.Fatalf("backend %s", s.Backend())
	}
	if err := s.Set(OpenAIKey, "sk-test-123456"); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.Get(OpenAIKey); v != "sk-test-123456" {
		t.Fatalf("get %q", v)
	}
	if _, err := os.Stat(filepath.Join(dir, FileName)); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("a secrets file was written although the keychain works")
	}
	p, _ := s.Present()
	if !p[OpenAIKey] || p[GeminiKey] {
		t.Fatalf("present %v", p)
	}
	s.Set(OpenAIKey, "")
	if v, _ := s.Get(OpenAIKey); v != "" {
		t.Fatal("not deleted")
	}
}

func TestFileFallback0600(t *testing.T) {
	dir := t.TempDir()
	s := Open(dir, &fakeKeyring{down: true})
	if s.Backend() != "file" {
		t.Fatalf("backend %s", s.Backend())
	}
	if err := s.Set(GeminiKey, "AIza-secret-value"); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, FileName))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v %v", fi.Mode(), err)
	}
	s2 := Open(dir, nil)
	if v, _ := s2.Get(GeminiKey); v != "AIza-secret-value" {
		t.Fatalf("reload %q", v)
	}
	if vals := s2.Values(); len(vals) != 1 || vals[0] != "AIza-secret-value" {
		t.Fatalf("values %v", vals)
	}
	if err := s2.Set("root_password", "x"); !errors.Is(err, ErrUnknown) {
		t.Fatalf("unknown name accepted: %v", err)
	}
	os.WriteFile(filepath.Join(dir, FileName), []byte("{"), 0o600)
	if _, err := s2.Get(GeminiKey); err == nil {
		t.Fatal("damaged file not reported")
	}
}
