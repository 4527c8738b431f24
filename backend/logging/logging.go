// Package logging sets up logrus: console plus a size-rotated file in the data
// dir, with a hook that removes secrets from every entry before it is written.
package logging

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/sirupsen/logrus"
	"gopkg.in/natefinch/lumberjack.v2"
)

// Options configure New.
type Options struct {
	Dir     string    // log directory; "" = console only
	Level   string    // logrus level name, default info
	Console io.Writer // default os.Stderr
	JSON    bool      // JSON lines in the file (console stays text)
}

// New returns a logger and a closer for its file.
func New(o Options) (*logrus.Logger, *Redactor, func() error, error) {
	log := logrus.New()
	lvl, err := logrus.ParseLevel(orDefault(o.Level, "info"))
	if err != nil {
		return nil, nil, nil, err
	}
	log.SetLevel(lvl)
	console := o.Console
	if console == nil {
		console = os.Stderr
	}
	closer := func() error { return nil }
	if o.Dir != "" {
		if err := os.MkdirAll(o.Dir, 0o700); err != nil {
			return nil, nil, nil, err
		}
		lj := &lumberjack.Logger{
			Filename:   filepath.Join(o.Dir, "krmarket.log"),
			MaxSize:    10, // MB
			MaxBackups: 5,
			MaxAge:     30, // days
			Compress:   true,
		}
		log.SetOutput(io.MultiWriter(console, lj))
		closer = lj.Close
	} else {
		log.SetOutput(console)
	}
	log.SetFormatter(&logrus.TextFormatter{FullTimestamp: true, TimestampFormat: "2006-01-02T15:04:05.000Z07:00"})
	r := &Redactor{}
	log.AddHook(r)
	return log, r, closer, nil
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// Redactor is a logrus hook that replaces registered secret values, and the
// values of fields whose names look secret, with "[REDACTED]".
type Redactor struct {
	mu      sync.RWMutex
	secrets []string
}

// Add registers secret values (empty strings are ignored).
func (r *Redactor) Add(secrets ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range secrets {
		if len(s) >= 4 {
			r.secrets = append(r.secrets, s)
		}
	}
}

// Levels implements logrus.Hook.
func (r *Redactor) Levels() []logrus.Level { return logrus.AllLevels }

// Fire implements logrus.Hook.
func (r *Redactor) Fire(e *logrus.Entry) error {
	e.Message = r.Redact(e.Message)
	for k, v := range e.Data {
		if SecretKey(k) {
			e.Data[k] = "[REDACTED]"
			continue
		}
		switch t := v.(type) {
		case string:
			e.Data[k] = r.Redact(t)
		case error:
			e.Data[k] = r.Redact(t.Error())
		}
	}
	return nil
}

// Redact removes every registered secret from s.
func (r *Redactor) Redact(s string) string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	for _, sec := range r.secrets {
		if strings.Contains(s, sec) {
			s = strings.ReplaceAll(s, sec, "[REDACTED]")
		}
	}
	return s
}

// SecretKey reports whether a field name names a secret.
func SecretKey(k string) bool {
	k = strings.ToLower(k)
	for _, w := range []string{"token", "secret", "password", "api_key", "apikey", "authorization", "cookie", "crumb"} {
		if strings.Contains(k, w) {
			return true
		}
	}
	return false
}
