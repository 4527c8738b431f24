package ai

import (
	"context"

	"krmarket/backend/research"
)

// ResearchNews adapts the research service (live RSS, cached 30 min;
// empty in demo mode) to NewsFunc.
func ResearchNews(r *research.Service) NewsFunc {
	return func(ctx context.Context, ticker string) ([]NewsItem, error) {
		res, err := r.News(ctx, ticker)
		if err != nil {
			return nil, err
		}
		out := make([]NewsItem, 0, len(res.Items))
		for _, it := range res.Items {
			out = append(out, NewsItem{Title: it.Title, Summary: it.Summary, URL: it.URL})
		}
		return out, nil
	}
}
