package llm

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
)

// OpenAI is a chat-completions client for OpenAI and compatible servers
// (Ollama's and LM Studio's /v1, vLLM, …).
//
// It asks for structured output with response_format json_schema (strict).
// A server that answers 400 to that gets the request again with
// {"type":"json_object"}, and one that rejects that too, with no
// response_format at all (the prompt still asks for JSON); the client
// remembers the mode that worked for its later calls.
type OpenAI struct {
	p    poster
	mode atomic.Int32 // 0 json_schema, 1 json_object, 2 none
}

// Response-format modes.
const (
	modeSchema = iota
	modeObject
	modeNone
)

// NewOpenAI returns a client; o.BaseURL is the URL /chat/completions is
// appended to (e.g. https://api.openai.com/v1).
func NewOpenAI(o Options) *OpenAI {
	return &OpenAI{p: poster{provider: "openai", o: o.withDefaults()}}
}

// Name implements Client.
func (c *OpenAI) Name() string { return "openai" }

type chatMessage struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

type chatRequest struct {
	Model          string        `json:"model"`
	Messages       []chatMessage `json:"messages"`
	ResponseFormat any           `json:"response_format,omitempty"`
}

type chatResponse struct {
	Choices []struct {
		Message struct {
			Content *string `json:"content"`
			Refusal *string `json:"refusal"`
		} `json:"message"`
		FinishReason string `json:"finish_reason"`
	} `json:"choices"`
}

// Complete implements Client.
func (c *OpenAI) Complete(ctx context.Context, req Request) (json.RawMessage, error) {
	h := http.Header{}
	if c.p.o.Key != "" {
		h.Set("Authorization", "Bearer "+c.p.o.Key)
	}
	url := c.p.o.BaseURL + "/chat/completions"
	for {
		mode := c.mode.Load()
		body := chatRequest{Model: c.p.o.Model, Messages: []chatMessage{{"system", req.System}, {"user", req.Prompt}}}
		switch mode {
		case modeSchema:
			body.ResponseFormat = map[string]any{"type": "json_schema", "json_schema": map[string]any{
				"name": schemaName(req.SchemaName), "schema": req.Schema, "strict": true}}
		case modeObject:
			body.ResponseFormat = map[string]string{"type": "json_object"}
		}
		b, err := c.p.post(ctx, url, h, body)
		var e *Error
		if errors.As(err, &e) && e.Kind == KindBadRequest && e.Status == http.StatusBadRequest && mode < modeNone {
			c.mode.CompareAndSwap(mode, mode+1)
			continue
		}
		if err != nil {
			return nil, err
		}
		return c.parse(b)
	}
}

func (c *OpenAI) parse(b []byte) (json.RawMessage, error) {
	var r chatResponse
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, c.p.fail(KindInvalid, 200, "response is not a chat completion")
	}
	if len(r.Choices) == 0 {
		return nil, c.p.fail(KindInvalid, 200, "no choices in the response")
	}
	m := r.Choices[0].Message
	if m.Refusal != nil && *m.Refusal != "" {
		return nil, c.p.fail(KindBlocked, 200, "refused: "+*m.Refusal)
	}
	if m.Content == nil || strings.TrimSpace(*m.Content) == "" {
		return nil, c.p.fail(KindInvalid, 200, "empty answer (finish_reason "+r.Choices[0].FinishReason+")")
	}
	obj, ok := answerObject(*m.Content)
	if !ok {
		return nil, c.p.fail(KindInvalid, 200, "no JSON object in the answer")
	}
	return obj, nil
}

// schemaName makes a valid json_schema name (letters, digits, _ and -).
func schemaName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r == '_' || r == '-' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "answer"
	}
	return b.String()
}
