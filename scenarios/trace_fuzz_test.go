package scenarios

import (
	"math"
	"testing"
)

func FuzzTrace(f *testing.F) {
	f.Add([]byte("date,orders\n2026-12-21,100\n2026-12-22,200\n2026-12-23,1e3\n"))
	f.Add([]byte("hour,orders\n2026-12-21 00:00,1\n2026-12-21T01:00:00,2\n"))
	f.Add([]byte("\xef\xbb\xbf# comment\nDate , Orders\n\"2026-12-21\",\"5\"\n2026-12-21,7\n"))
	f.Add([]byte("date,orders\nx\n\"unterminated\n"))
	c := &Calendar{Start: Date{2026, 12, 21}, End: Date{2026, 12, 23}}
	var profile [24]float64
	for h := range profile {
		profile[h] = 1.0 / 24
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		perHour, _, p := parseTrace("t.csv", data, c, &profile, traceSpec{key: "demand.trace", what: "orders", ordersColumn: "orders"})
		if len(p) > 0 {
			if perHour != nil {
				t.Fatal("values and problems at once")
			}
			if len(p) > maxTraceProblems+1 {
				t.Fatalf("%d problems listed", len(p))
			}
			for _, e := range p {
				if e.File != "t.csv" || e.Line < 0 || e.Err == nil {
					t.Fatalf("problem %#v", e)
				}
			}
			return
		}
		if len(perHour) != 72 {
			t.Fatalf("%d hours", len(perHour))
		}
		for _, x := range perHour {
			if !(x >= 0) || math.IsInf(x, 0) || x > maxOrdersPerDay {
				t.Fatalf("orders %v", x)
			}
		}
	})
}
