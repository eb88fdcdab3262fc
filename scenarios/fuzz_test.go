package scenarios_test

import (
	"math"
	"regexp"
	"testing"

	"github.com/peaksim/peaksim/scenarios"
)

func FuzzParse(f *testing.F) {
	// The built-ins without their comments: the fuzzer minimizes every
	// input that finds new code, in time that grows with the square of its
	// length, and the comments would triple it for no new code.
	comment := regexp.MustCompile(`(?m)^\s*#.*\n|\s+#.*$`)
	for _, info := range scenarios.Builtins() {
		s, err := scenarios.Builtin(info.Name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(comment.ReplaceAll(s.YAML, nil))
	}
	for _, s := range []string{
		small,
		"# a comment\nname: x # and another\n",
		"{{{",
		"- a\n- b\n",
		"name: x\nName: y\n",
		"? [a]\n: b\n",
		"a: &x {b: *x}\n",
		"name: x\n---\nname: y\n",
		"run: {horizon: 1e400h}\nteams: 5\nchannels: [7]\n",
		"channels: [{arrivals: {rate: 1/w, interarrival: x}, handle_time: {dist: empirical, values: [1s], weights: [0]}}]\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := scenarios.Parse("fuzz.yaml", data)
		if err != nil {
			if len(fieldErrors(err)) == 0 {
				t.Fatalf("error holds no FieldError: %v", err)
			}
			for _, fe := range fieldErrors(err) {
				if fe.File != "fuzz.yaml" {
					t.Fatalf("FieldError.File = %q", fe.File)
				}
			}
			checkNoGoPhrases(t, err.Error(), string(data))
			// The same file gives the same message: nothing depends on map
			// order.
			if _, again := scenarios.Parse("fuzz.yaml", data); again == nil || again.Error() != err.Error() {
				t.Fatalf("second parse gave\n%v\nafter\n%v", again, err)
			}
			return
		}
		if err := s.Model().Validate(); err != nil {
			t.Fatalf("accepted scenario does not validate: %v", err)
		}
		finite := func(h float64) bool { return !math.IsNaN(h) && !math.IsInf(h, 0) }
		if !finite(s.Horizon) || !finite(s.Warmup) {
			t.Fatalf("horizon %v, warm-up %v", s.Horizon, s.Warmup)
		}
		for _, c := range s.Channels {
			if m := c.Arrivals.Mean(); !finite(m) || !(1/m <= 1e9) {
				t.Fatalf("channel %s: arrival mean %v h", c.Name, m)
			}
			if !finite(c.HandleTime.Mean()) || !finite(c.ServiceLevelTarget) {
				t.Fatalf("channel %s: handle time %v, target %v", c.Name, c.HandleTime, c.ServiceLevelTarget)
			}
		}
	})
}
