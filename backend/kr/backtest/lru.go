package backtest

// lru is a small least-recently-used map (not safe for concurrent use).
type lru[V any] struct {
	max  int
	keys []string // oldest first
	vals map[string]V
}

func newLRU[V any](n int) lru[V] { return lru[V]{max: n, vals: map[string]V{}} }

func (c *lru[V]) get(k string) (V, bool) {
	v, ok := c.vals[k]
	if ok {
		c.touch(k)
	}
	return v, ok
}

func (c *lru[V]) put(k string, v V) {
	if _, ok := c.vals[k]; !ok && len(c.keys) >= c.max {
		delete(c.vals, c.keys[0])
		c.keys = c.keys[1:]
	}
	c.vals[k] = v
	c.touch(k)
}

func (c *lru[V]) touch(k string) {
	for i, x := range c.keys {
		if x == k {
			c.keys = append(c.keys[:i], c.keys[i+1:]...)
			break
		}
	}
	c.keys = append(c.keys, k)
}
