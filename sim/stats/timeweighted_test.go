package stats_test

import (
	"math"
	"testing"

	"github.com/peaksim/peaksim/sim/stats"
)

func TestTimeWeighted(t *testing.T) {
	type op struct {
		kind string // "set", "add" or "reset"
		t, v float64
	}
	tests := []struct {
		name      string
		ops       []op
		at        float64 // time at which Area and Mean are read
		wantArea  float64
		wantMean  float64
		wantLevel float64
		wantMax   float64
	}{
		{
			name:     "zero value averages zero",
			at:       5,
			wantArea: 0, wantMean: 0, wantLevel: 0, wantMax: 0,
		},
		{
			name: "zero value window is empty at time zero",
			at:   0, wantArea: 0, wantMean: math.NaN(), wantLevel: 0, wantMax: 0,
		},
		{
			// 0 on [0,1), 2 on [1,3), 5 on [3,4]: area 0 + 4 + 5.
			name: "piecewise levels read at the last change",
			ops:  []op{{"set", 1, 2}, {"set", 3, 5}, {"set", 4, 1}},
			at:   4, wantArea: 9, wantMean: 9.0 / 4, wantLevel: 1, wantMax: 5,
		},
		{
			// As above, then 1 on [4,8]: area 9 + 4.
			name: "current level is held until the reading time",
			ops:  []op{{"set", 1, 2}, {"set", 3, 5}, {"set", 4, 1}},
			at:   8, wantArea: 13, wantMean: 13.0 / 8, wantLevel: 1, wantMax: 5,
		},
		{
			// 1 on [0,2), 3 on [2,5), 2 on [5,6].
			name: "deltas accumulate",
			ops:  []op{{"add", 0, 1}, {"add", 2, 2}, {"add", 5, -1}},
			at:   6, wantArea: 2 + 9 + 2, wantMean: 13.0 / 6, wantLevel: 2, wantMax: 3,
		},
		{
			// The warm-up [0,10) at levels up to 8 is discarded; the window
			// [10,20] holds 3 on [10,12), 4 on [12,15), 1 on [15,20].
			name: "reset discards the warm-up but keeps the level",
			ops: []op{
				{"set", 2, 8}, {"set", 6, 3},
				{"reset", 10, 0},
				{"add", 12, 1}, {"add", 15, -3},
			},
			at: 20, wantArea: 6 + 12 + 5, wantMean: 23.0 / 10, wantLevel: 1, wantMax: 4,
		},
		{
			name: "window is empty at the reset time",
			ops:  []op{{"set", 2, 8}, {"reset", 10, 0}},
			at:   10, wantArea: 0, wantMean: math.NaN(), wantLevel: 8, wantMax: 8,
		},
		{
			name: "several changes at the same instant count only the last",
			ops:  []op{{"set", 1, 4}, {"set", 1, 9}, {"set", 1, 2}},
			at:   3, wantArea: 4, wantMean: 4.0 / 3, wantLevel: 2, wantMax: 9,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var w stats.TimeWeighted
			for _, o := range tt.ops {
				switch o.kind {
				case "set":
					w.Set(o.t, o.v)
				case "add":
					w.Add(o.t, o.v)
				case "reset":
					w.Reset(o.t)
				default:
					t.Fatalf("unknown op %q", o.kind)
				}
			}
			if got := w.Area(tt.at); got != tt.wantArea {
				t.Errorf("Area(%v) = %v, want %v", tt.at, got, tt.wantArea)
			}
			if got := w.Mean(tt.at); !sameFloat(got, tt.wantMean) {
				t.Errorf("Mean(%v) = %v, want %v", tt.at, got, tt.wantMean)
			}
			if got := w.Level(); got != tt.wantLevel {
				t.Errorf("Level() = %v, want %v", got, tt.wantLevel)
			}
			if got := w.Max(); got != tt.wantMax {
				t.Errorf("Max() = %v, want %v", got, tt.wantMax)
			}
		})
	}
}
