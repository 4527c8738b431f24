package llm

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
)

// Gemini is a generateContent client for Google's Gemini API
// (POST {base}/v1beta/models/{model}:generateContent). The key goes in the
// x-goog-api-key header, never in the URL, so it cannot leak into logs of
// URLs. The answer is constrained with generationConfig.responseMimeType
// "application/json" and a responseSchema (Gemini's OpenAPI subset, built
// from the request's JSON Schema by GeminiSchema).
//
// A server that answers 400 to the responseSchema (an older model or API
// version) is asked again with responseMimeType alone; the client remembers
// that for its later calls.
type Gemini struct {
	p        poster
	noSchema atomic.Bool
}

// NewGemini returns a client; o.BaseURL is the API host
// (https://generativelanguage.googleapis.com).
func NewGemini(o Options) *Gemini {
	return &Gemini{p: poster{provider: "gemini", o: o.withDefaults()}}
}

// Name implements Client.
func (c *Gemini) Name() string { return "gemini" }

type geminiPart struct {
	Text string `json:"text"`
}

type geminiContent struct {
	Role  string       `json:"role,omitempty"`
	Parts []geminiPart `json:"parts"`
}

type geminiRequest struct {
	SystemInstruction *geminiContent  `json:"systemInstruction,omitempty"`
	Contents          []geminiContent `json:"contents"`
	GenerationConfig  map[string]any  `json:"generationConfig"`
}

type geminiResponse struct {
	Candidates []struct {
		Content      geminiContent `json:"content"`
		FinishReason string        `json:"finishReason"`
	} `json:"candidates"`
	PromptFeedback *struct {
		BlockReason string `json:"blockReason"`
	} `json:"promptFeedback"`
}

// Complete implements Client.
func (c *Gemini) Complete(ctx context.Context, req Request) (json.RawMessage, error) {
	h := http.Header{}
	if c.p.o.Key != "" {
		h.Set("x-goog-api-key", c.p.o.Key)
	}
	model := strings.TrimPrefix(c.p.o.Model, "models/")
	u := c.p.o.BaseURL + "/v1beta/models/" + url.PathEscape(model) + ":generateContent"
	body := geminiRequest{
		Contents:         []geminiContent{{Role: "user", Parts: []geminiPart{{Text: req.Prompt}}}},
		GenerationConfig: map[string]any{"responseMimeType": "application/json"},
	}
	if req.System != "" {
		body.SystemInstruction = &geminiContent{Parts: []geminiPart{{Text: req.System}}}
	}
	var b []byte
	for {
		withSchema := req.Schema != nil && !c.noSchema.Load()
		delete(body.GenerationConfig, "responseSchema")
		if withSchema {
			body.GenerationConfig["responseSchema"] = GeminiSchema(req.Schema)
		}
		var err error
		b, err = c.p.post(ctx, u, h, body)
		var e *Error
		if withSchema && errors.As(err, &e) && e.Kind == KindBadRequest && e.Status == http.StatusBadRequest {
			c.noSchema.Store(true)
			continue
		}
		if err != nil {
			return nil, err
		}
		break
	}
	var r geminiResponse
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, c.p.fail(KindInvalid, 200, "response is not a generateContent answer")
	}
	if r.PromptFeedback != nil && r.PromptFeedback.BlockReason != "" {
		return nil, c.p.fail(KindBlocked, 200, "prompt blocked: "+r.PromptFeedback.BlockReason)
	}
	if len(r.Candidates) == 0 {
		return nil, c.p.fail(KindInvalid, 200, "no candidates in the response")
	}
	cand := r.Candidates[0]
	var text strings.Builder
	for _, p := range cand.Content.Parts {
		text.WriteString(p.Text)
	}
	if strings.TrimSpace(text.String()) == "" {
		if cand.FinishReason == "SAFETY" || cand.FinishReason == "PROHIBITED_CONTENT" {
			return nil, c.p.fail(KindBlocked, 200, "answer blocked: "+cand.FinishReason)
		}
		return nil, c.p.fail(KindInvalid, 200, "empty answer (finishReason "+cand.FinishReason+")")
	}
	obj, ok := answerObject(text.String())
	if !ok {
		return nil, c.p.fail(KindInvalid, 200, "no JSON object in the answer")
	}
	return obj, nil
}

// GeminiSchema converts a JSON Schema into Gemini's responseSchema subset:
// upper-case types and only the keys Gemini accepts (it rejects
// additionalProperties and strict-mode extras).
func GeminiSchema(s map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range s {
		switch k {
		case "type":
			if t, ok := v.(string); ok {
				out[k] = strings.ToUpper(t)
			}
		case "properties":
			if props, ok := v.(map[string]any); ok {
				m := map[string]any{}
				for name, p := range props {
					if ps, ok := p.(map[string]any); ok {
						m[name] = GeminiSchema(ps)
					}
				}
				out[k] = m
			}
		case "items":
			if it, ok := v.(map[string]any); ok {
				out[k] = GeminiSchema(it)
			}
		case "required", "enum", "description", "format", "nullable", "minimum", "maximum", "minItems", "maxItems", "propertyOrdering":
			out[k] = v
		}
	}
	return out
}
