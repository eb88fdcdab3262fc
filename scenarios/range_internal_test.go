package scenarios

import (
	"testing"

	"github.com/peaksim/peaksim/sim/stats"
)

// Waits, resolution times and ages are at most a run long, and a run at
// most the longest duration a scenario may give (or a season of
// maxSeasonDays): their quantiles stay within the range in which the
// histograms that estimate them have their stated precision.
func TestEveryDurationFitsTheQuantileRange(t *testing.T) {
	if maxHours >= stats.HistogramMax || maxSeasonDays*24 >= stats.HistogramMax {
		t.Fatalf("a scenario may last %v hours (a season %d days), beyond the %v hours the quantiles cover", maxHours, maxSeasonDays, float64(stats.HistogramMax))
	}
}
