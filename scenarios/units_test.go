package scenarios_test

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/peaksim/peaksim/scenarios"
)

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in      string
		want    float64 // hours
		wantErr string
	}{
		{in: "90s", want: 90.0 / 3600},
		{in: "5m", want: 5.0 / 60},
		{in: "2h", want: 2},
		{in: "1.5h", want: 1.5},
		{in: "3d", want: 72},
		{in: "1w", want: 168},
		{in: "1h30m", want: 1.5},
		{in: "1d12h", want: 36},
		{in: "1h30m15s", want: 1.5 + 15.0/3600},
		{in: ".5h", want: 0.5},
		{in: "0", want: 0},
		{in: "0s", want: 0},
		{in: " 2h ", want: 2},
		{in: "36525d", want: 876600},
		{in: "90", wantErr: "duration needs a unit, e.g. 90s, 5m, 2h or 3d; got 90"},
		{in: "1.5", wantErr: "needs a unit"},
		{in: "1h30", wantErr: "needs a unit"},
		{in: "", wantErr: "empty duration"},
		{in: "-5m", wantErr: "must not be negative, got -5m"},
		{in: "5min", wantErr: `unknown unit "min" in 5min; the units are s, m, h, d and w`},
		{in: "5ms", wantErr: `unknown unit "ms"`},
		{in: "5 m", wantErr: `unknown unit " m" in "5 m"`},
		{in: "2y", wantErr: `unknown unit "y"`},
		{in: "h", wantErr: "not a duration: h"},
		{in: "ten minutes", wantErr: `not a duration: "ten minutes"`},
		{in: "1e3h", wantErr: `unknown unit "e"`},
		{in: "NaNh", wantErr: "not a duration"},
		{in: "Infh", wantErr: "not a duration"},
		{in: "36526d", wantErr: "must be at most 100 years (36525d), got 36526d"},
		{in: strings.Repeat("9", 400) + "s", wantErr: "must be at most 100 years"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := scenarios.ParseDuration(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseDuration(%q) = %v, %v; want error containing %q", tt.in, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ParseDuration(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestParseRate(t *testing.T) {
	tests := []struct {
		in      string
		want    float64 // per hour
		wantErr string
	}{
		{in: "45/h", want: 45},
		{in: "1200/d", want: 50},
		{in: "0.75/m", want: 45},
		{in: "3/s", want: 10800},
		{in: "168/w", want: 1},
		{in: "0.5/h", want: 0.5},
		{in: "1000000000/h", want: 1e9},
		{in: "45", wantErr: "rate needs a unit, e.g. 45/h, 1200/d or 0.75/m; got 45"},
		{in: "0/h", wantErr: "must be positive, got 0/h"},
		{in: "-8/h", wantErr: "must be positive, got -8/h"},
		{in: "45/hour", wantErr: `unknown unit "hour" in 45/hour`},
		{in: "45/", wantErr: `unknown unit ""`},
		{in: "/h", wantErr: "not a rate: /h"},
		{in: "45 per hour", wantErr: `not a rate: "45 per hour"`},
		{in: "1/2/h", wantErr: `unknown unit "2/h"`},
		{in: "300000/s", wantErr: "must be at most a billion per hour (1000000000/h), got 300000/s"},
		{in: strings.Repeat("9", 400) + "/h", wantErr: "must be at most a billion per hour"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := scenarios.ParseRate(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseRate(%q) = %v, %v; want error containing %q", tt.in, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ParseRate(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
		})
	}
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"90s", "5m", "1.5h", "3d", "1w", "1h30m", "0", "90", "-5m", "5min", "36525d", "1.h", ".5s", "1h1h1h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, err := scenarios.ParseDuration(s)
		if err != nil {
			return
		}
		if math.IsNaN(h) || math.IsInf(h, 0) || h < 0 || h > 876600 {
			t.Fatalf("ParseDuration(%q) = %v: not a finite duration of at most 100 years", s, h)
		}
		// Written back in hours, the duration reads the same.
		again, err := scenarios.ParseDuration(strconv.FormatFloat(h, 'f', -1, 64) + "h")
		if err != nil || again != h {
			t.Fatalf("ParseDuration(%q) = %v, but its round trip gives %v, %v", s, h, again, err)
		}
	})
}

func FuzzParseRate(f *testing.F) {
	for _, s := range []string{"45/h", "1200/d", "0.75/m", "3/s", "100/w", "45", "0/h", "-8/h", "45/hour", "1/2/h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := scenarios.ParseRate(s)
		if err != nil {
			return
		}
		if math.IsNaN(r) || math.IsInf(r, 0) || r <= 0 || r > 1e9 {
			t.Fatalf("ParseRate(%q) = %v: not a positive finite rate of at most 1e9/h", s, r)
		}
		again, err := scenarios.ParseRate(strconv.FormatFloat(r, 'f', -1, 64) + "/h")
		if err != nil || again != r {
			t.Fatalf("ParseRate(%q) = %v, but its round trip gives %v, %v", s, r, again, err)
		}
	})
}
