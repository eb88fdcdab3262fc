package scenarios

import (
	"strings"
	"testing"
)

// TestUnreachable: a target below 0 on a figure that never is, or above
// 100% on a share, is refused; one at the edge is not, since a run can
// meet it (nobody waits; everyone answered in time).
func TestUnreachable(t *testing.T) {
	sc, err := Parse("one.yaml", []byte(`name: one
run: {horizon: 10h}
teams: [{name: agents, headcount: 2}]
channels: [{name: phone, team: agents, arrivals: {rate: 10/h}, handle_time: {dist: exponential, mean: 3m}}]
`))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		expr, want string
	}{
		{"phone.wait.mean < 0s", "phone.wait.mean is never below 0: no run can make it < 0s"},
		{"phone.queue_length.mean <= -1", "never below 0"},
		{"phone.abandoned < 0", "never below 0"},
		{"phone.service_level > 100%", "phone.service_level is a share, never above 100%: no run can make it > 100%"},
		{"phone.wait.mean <= 0s", ""},
		{"phone.wait.mean < 1s", ""},
		{"phone.service_level >= 100%", ""},
		{"phone.service_level > 99%", ""},
		{"phone.wait.mean > 0s", ""},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			th, err := ParseThreshold(sc, tt.expr)
			if err != nil {
				t.Fatal(err)
			}
			err = Unreachable(sc, th)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}
