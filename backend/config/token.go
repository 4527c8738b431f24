package config

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// TokenFile is the API token's file name inside the data dir.
const TokenFile = "api-token"

// LoadOrCreateToken returns the local API token, creating a random 32-byte
// token in a 0600 file on first use. A file with wider permissions is
// tightened; an empty or malformed one is replaced.
func LoadOrCreateToken(dataDir string) (string, error) {
	path := filepath.Join(dataDir, TokenFile)
	b, err := os.ReadFile(path)
	if err == nil {
		tok := strings.TrimSpace(string(b))
		if validToken(tok) {
			if err := os.Chmod(path, 0o600); err != nil {
				return "", fmt.Errorf("secure token file: %w", err)
			}
			return tok, nil
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("read token: %w", err)
	}
	return RotateToken(dataDir)
}

// RotateToken replaces the token with a new random one.
func RotateToken(dataDir string) (string, error) {
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return "", fmt.Errorf("create data dir: %w", err)
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("generate token: %w", err)
	}
	tok := hex.EncodeToString(raw)
	if err := WriteFileAtomic(filepath.Join(dataDir, TokenFile), []byte(tok+"\n"), 0o600); err != nil {
		return "", err
	}
	return tok, nil
}

func validToken(t string) bool {
	if len(t) != 64 {
		return false
	}
	_, err := hex.DecodeString(t)
	return err == nil
}
