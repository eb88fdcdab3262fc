package erlang

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// TestMatchesTheValidationCases checks the formulas against the exact
// Erlang C values of ../shared/validation.
func TestMatchesTheValidationCases(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "validation", "cases.json"))
	if err != nil {
		t.Skipf("validation cases not available: %v", err)
	}
	var file struct {
		Cases []struct {
			ID         string
			Model      string
			Parameters map[string]any
			Exact      map[string]any
		}
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, c := range file.Cases {
		if c.Model != "mmc" {
			continue
		}
		num := func(m map[string]any) map[string]float64 {
			out := map[string]float64{}
			for k, v := range m {
				if f, ok := v.(float64); ok {
					out[k] = f
				}
			}
			return out
		}
		p, x := num(c.Parameters), num(c.Exact)
		n, a, h := int(p["c"]), p["lambda"]/p["mu"], 1/p["mu"]
		for _, v := range []struct {
			name      string
			got, want float64
		}{
			{"P(wait)", C(n, a), x["p_wait_gt_0"]},
			{"mean wait", MeanWait(n, a, h), x["mean_wait_Wq"]},
			{"service level", ServiceLevel(n, a, p["t"], h), x["service_level_p_wait_le_t"]},
		} {
			if math.Abs(v.got-v.want) > 1e-9*math.Max(math.Abs(v.want), 1) {
				t.Errorf("%s: %s %v, want %v", c.ID, v.name, v.got, v.want)
			}
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("no M/M/c case in the validation file")
	}
}

func TestAgentsFor(t *testing.T) {
	// 100 calls an hour of 3 minutes: 5 erlangs. 80% in 20 s needs 8.
	a, h := 5.0, 3.0/60
	n := AgentsFor(a, 1000, func(n int) bool { return ServiceLevel(n, a, 20.0/3600, h) >= 0.8 })
	if n != 8 || ServiceLevel(7, a, 20.0/3600, h) >= 0.8 {
		t.Errorf("agents for 80/20 at 5 erlangs: %d (SL at 7: %v, at 8: %v)", n, ServiceLevel(7, a, 20.0/3600, h), ServiceLevel(8, a, 20.0/3600, h))
	}
}

// TestStable: 10 calls an hour of an hour each is 10 erlangs; 10 agents
// cannot keep up (each is busy all the time and the queue still grows, as
// a random walk), 11 can. The same load computed from a rate and a handle
// time in other units, 60/h × 10 min, is 10 within rounding, and 10 agents
// still cannot carry it.
func TestStable(t *testing.T) {
	lambda, handle := 10.0, 1.0
	a := lambda * handle
	if Stable(10, a) || !Stable(11, a) {
		t.Errorf("10 erlangs: stable on 10 agents %v, on 11 %v; want false, true", Stable(10, a), Stable(11, a))
	}
	if n := Fewest(a); n != 11 {
		t.Errorf("the fewest agents for 10 erlangs: %d, want 11", n)
	}
	rounded := (1 / (1.0 / 60)) * (10.0 / 60)
	if Stable(10, rounded) || Fewest(rounded) != 11 {
		t.Errorf("60/h × 10 min = %v erlangs: stable on 10 agents %v, fewest %d; want false and 11", rounded, Stable(10, rounded), Fewest(rounded))
	}
	if C(10, a) != 1 || !math.IsInf(MeanWait(10, a, handle), 1) || ServiceLevel(10, a, 0.5, handle) != 0 {
		t.Errorf("10 agents on 10 erlangs: C %v, mean wait %v, service level %v; want 1, +Inf, 0", C(10, a), MeanWait(10, a, handle), ServiceLevel(10, a, 0.5, handle))
	}
	for _, tc := range []struct {
		a    float64
		want int
	}{{0, 1}, {0.5, 1}, {1, 2}, {3.5, 4}, {math.Inf(1), math.MaxInt}, {math.NaN(), math.MaxInt}} {
		if n := Fewest(tc.a); n != tc.want {
			t.Errorf("Fewest(%v) = %d, want %d", tc.a, n, tc.want)
		}
	}
}
