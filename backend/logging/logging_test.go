package logging

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSecretsNeverLogged(t *testing.T) {
	var console bytes.Buffer
	dir := t.TempDir()
	log, red, closeLog, err := New(Options{Dir: dir, Console: &console})
	if err != nil {
		t.Fatal(err)
	}
	secret := "sk-live-abcdef123456"
	red.Add(secret)
	log.WithField("api_key", "whatever").WithField("Authorization", "Bearer x").Info("calling with " + secret)
	log.WithError(errors.New("upstream said " + secret)).Warn("failed")
	log.WithField("url", "https://x.example/?key="+secret).Info("fetch")
	closeLog()
	file, _ := os.ReadFile(filepath.Join(dir, "krmarket.log"))
	for name, out := range map[string]string{"console": console.String(), "file": string(file)} {
		if strings.Contains(out, secret) || strings.Contains(out, "whatever") || strings.Contains(out, "Bearer x") {
			t.Errorf("%s leaks a secret:\n%s", name, out)
		}
		if strings.Count(out, "[REDACTED]") < 4 {
			t.Errorf("%s: redactions missing:\n%s", name, out)
		}
	}
}
