package system

import (
	"fmt"

	"krmarket/backend/config"
	"krmarket/backend/contract"
)

// EditConfig applies edit to a copy of the settings, validates the result
// and saves it; on any error nothing changes. An edit or validation error
// is the caller's (400 invalid_settings); a failed save is an I/O error.
func (s *Service) EditConfig(edit func(*config.Config) error) (config.Config, error) {
	c, err := s.editConfig(edit)
	if err == nil {
		s.notifyChange(c)
	}
	return c, err
}

func (s *Service) editConfig(edit func(*config.Config) error) (config.Config, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.cfg
	if err := edit(&c); err != nil {
		return s.cfg, err
	}
	if err := c.Validate(); err != nil {
		return s.cfg, contract.BadRequest("invalid_settings", "%v", err)
	}
	if err := c.Save(); err != nil {
		return s.cfg, fmt.Errorf("save settings: %w", err)
	}
	s.cfg = c
	return c, nil
}
