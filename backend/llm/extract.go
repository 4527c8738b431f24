package llm

import "encoding/json"

// Bounds on ExtractJSON's work, so hostile text cannot make it slow.
const (
	maxExtractInput  = 256 << 10 // bytes examined
	maxExtractStarts = 64        // '{' positions tried
)

// ExtractJSON returns the first balanced {...} block of s that is valid
// JSON, as models wrap answers in prose or ```json fences. Braces inside
// JSON strings are skipped; a block that balances but is not valid JSON is
// passed over and the search goes on from the next '{'.
func ExtractJSON(s string) (string, bool) {
	if len(s) > maxExtractInput {
		s = s[:maxExtractInput]
	}
	starts := 0
	for i := 0; i < len(s); i++ {
		if s[i] != '{' {
			continue
		}
		if starts++; starts > maxExtractStarts {
			return "", false
		}
		end := balanced(s, i)
		if end < 0 {
			continue
		}
		if blk := s[i : end+1]; json.Valid([]byte(blk)) {
			return blk, true
		}
	}
	return "", false
}

// balanced returns the index of the '}' closing the '{' at s[start], or -1.
func balanced(s string, start int) int {
	depth, inStr, esc := 0, false, false
	for j := start; j < len(s); j++ {
		c := s[j]
		switch {
		case inStr && esc:
			esc = false
		case inStr && c == '\\':
			esc = true
		case inStr && c == '"':
			inStr = false
		case inStr:
		case c == '"':
			inStr = true
		case c == '{':
			depth++
		case c == '}':
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}
