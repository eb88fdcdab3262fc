package scenarios_test

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/peaksim/peaksim/scenarios"
)

func TestBuiltinsLoad(t *testing.T) {
	infos := scenarios.Builtins()
	for i, info := range infos {
		t.Run(info.Name, func(t *testing.T) {
			if i > 0 && infos[i-1].Name >= info.Name {
				t.Errorf("Builtins not sorted: %s after %s", info.Name, infos[i-1].Name)
			}
			s, err := scenarios.Builtin(info.Name)
			if err != nil {
				t.Fatal(err)
			}
			if s.Name != info.Name || s.Source != "builtin:"+info.Name {
				t.Errorf("name %q, source %q; want the file's name %q", s.Name, s.Source, info.Name)
			}
			if info.Description == "" || info.Description != s.Description {
				t.Errorf("description %q, Info says %q", s.Description, info.Description)
			}
			if err := s.Model().Validate(); err != nil {
				t.Errorf("model does not validate: %v", err)
			}
		})
	}
}

func TestBuiltinsIncludeTheDefaultAndEveryValidationCase(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "shared", "validation", "cases.json"))
	if err != nil {
		t.Skipf("validation cases not available: %v", err)
	}
	var file struct {
		Cases []struct{ ID string }
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	// The default is one of the two scenarios that are neither validation
	// cases nor the five failure stories of PRODUCT.md.
	want := []string{"christmas", "contact-centre"}
	if !slices.Contains(want, scenarios.Default) {
		t.Errorf("the default %s is neither christmas nor contact-centre", scenarios.Default)
	}
	stories := []string{"statutory-declaration", "repeat-chasers", "no-proof-of-delivery", "next-day-misdelivery", "voicemail-full"}
	want = append(want, stories...)
	for _, c := range file.Cases {
		want = append(want, c.ID)
	}
	have := map[string]bool{}
	for _, info := range scenarios.Builtins() {
		have[info.Name] = true
	}
	for _, name := range want {
		if !have[name] {
			t.Errorf("no built-in scenario %s", name)
		}
	}
	if len(have) != len(want) {
		t.Errorf("%d built-ins, want %d (christmas, contact-centre, %d stories and %d cases)", len(have), len(want), len(stories), len(file.Cases))
	}
}

func TestTextbookScenariosMatchTheirCases(t *testing.T) {
	// Spot checks of the mapping from cases.json: one time unit is an hour
	// (a second where the case says so), theta is the patience rate, an
	// M/M/1/K box of K holds K-1 waiting, Erlang B waits for nobody.
	tests := []struct {
		name                string
		agents              int
		perHour, handleMean float64 // 1/arrival mean, hours
		patienceMean        float64 // hours; 0 for none
		capacity            int     // -1 for unlimited
		target              float64 // hours
	}{
		{"mmc-c10-rho080", 10, 8, 1, 0, -1, 0.25},
		{"mmc-cch-example-14agents", 14, 200, 180.0 / 3600, 0, -1, 20.0 / 3600},
		{"mmc-westbay-360calls-55agents", 55, 720, 240.0 / 3600, 0, -1, 15.0 / 3600},
		{"ea-c10-theta-2mu", 10, 9, 1, 0.5, -1, 0.25},
		{"ea-c50-theta-fifth", 50, 48, 1, 5, -1, 0.1},
		{"mm1k-K10-rho080", 1, 0.8, 1, 0, 9, 20.0 / 3600},
		{"erlangb-c15-a8108", 15, 8.108, 1, 0, 0, 20.0 / 3600},
		{"md1-rho050", 1, 0.5, 1, 0, -1, 1.5},
		{"mg1-lognormal-scv2-rho070", 1, 0.35, 2, 0, -1, 20.0 / 3600},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := scenarios.Builtin(tt.name)
			if err != nil {
				t.Fatal(err)
			}
			c := s.Channels[0]
			near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-12*b }
			patience := 0.0
			if c.Patience.Kind != 0 {
				patience = c.Patience.Mean()
			}
			if len(s.Teams) != 1 || s.Teams[0].Headcount != tt.agents || len(s.Channels) != 1 || c.Name != "queue" ||
				!near(1/c.Arrivals.Mean(), tt.perHour) || !near(c.HandleTime.Mean(), tt.handleMean) ||
				patience != tt.patienceMean || c.QueueCapacity != tt.capacity || !near(c.ServiceLevelTarget, tt.target) {
				t.Errorf("got %d agents, %v/h, handle %v h, patience %v h, capacity %d, target %v h",
					s.Teams[0].Headcount, 1/c.Arrivals.Mean(), c.HandleTime.Mean(), patience, c.QueueCapacity, c.ServiceLevelTarget)
			}
			if !(s.Warmup > 0 && s.Warmup < s.Horizon/10) {
				t.Errorf("warm-up %v h of horizon %v h; want a short positive warm-up", s.Warmup, s.Horizon)
			}
		})
	}
}

func TestOpen(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "mine.yaml")
	if err := os.WriteFile(file, []byte(small), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Run("a built-in by name", func(t *testing.T) {
		s, err := scenarios.Open("contact-centre")
		if err != nil || s.Name != "contact-centre" || s.Source != "builtin:contact-centre" {
			t.Fatalf("Open(contact-centre) = %v, %v", s, err)
		}
	})
	t.Run("the default", func(t *testing.T) {
		if _, err := scenarios.Open(scenarios.Default); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("a file", func(t *testing.T) {
		s, err := scenarios.Open(file)
		if err != nil || s.Name != "small" || s.Source != file {
			t.Fatalf("Open(%s) = %v, %v", file, s, err)
		}
	})
	t.Run("a file in the current directory before a built-in", func(t *testing.T) {
		t.Chdir(dir)
		if err := os.WriteFile("contact-centre", []byte(small), 0o644); err != nil {
			t.Fatal(err)
		}
		s, err := scenarios.Open("contact-centre")
		if err != nil || s.Name != "small" {
			t.Fatalf("Open(contact-centre) = %v, %v; want the file", s, err)
		}
	})
	t.Run("a missing path", func(t *testing.T) {
		_, err := scenarios.Open("nope.yaml")
		if err == nil || err.Error() != "nope.yaml: no such file" {
			t.Fatalf("Open(nope.yaml) error = %v", err)
		}
	})
	t.Run("an unknown name lists the built-ins", func(t *testing.T) {
		_, err := scenarios.Open("nope")
		var fe *scenarios.FieldError
		if err == nil || !errors.As(err, &fe) {
			t.Fatalf("Open(nope) error = %v, want a FieldError", err)
		}
		want := "nope: no such file or built-in scenario; the built-ins are christmas, contact-centre, ea-c10-overloaded, "
		if !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), "mmc-c10-rho080") {
			t.Errorf("error = %v, want it to start %q and list every built-in", err, want)
		}
	})
	t.Run("Builtin with an unknown name", func(t *testing.T) {
		_, err := scenarios.Builtin("../contact-centre")
		if err == nil || !strings.HasPrefix(err.Error(), "builtin:../contact-centre: no built-in scenario of that name; the built-ins are christmas, contact-centre,") {
			t.Fatalf("error = %v", err)
		}
	})
}
