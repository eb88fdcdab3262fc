package runner_test

import (
	"context"
	"flag"
	"github.com/peaksim/peaksim/reports/internal/golden"
	"os"
	"path/filepath"
	"testing"

	"github.com/peaksim/peaksim/reports"
	"github.com/peaksim/peaksim/reports/runner"
	"github.com/peaksim/peaksim/scenarios"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/tiny")

// TestOutputOfATinySeasonIsGolden runs a three-day season with a variant
// and compares its results.json and CSV files with the saved ones, byte
// for byte: a change to the engine, a definition or a format shows here as
// a diff to read (go test ./reports/runner -run Golden -update accepts it).
func TestOutputOfATinySeasonIsGolden(t *testing.T) {
	sc, err := scenarios.Open(filepath.Join("testdata", "tiny.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := runner.Run(context.Background(), runner.Expand([]*scenarios.Scenario{sc}), "golden", runner.Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out")
	if err := reports.Write(out, res, false); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"results.json", "metrics.csv", "daily.csv", "hourly.csv", "differences.csv"} {
		got, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		golden.Check(t, filepath.Join("testdata", "tiny", name+".golden"), got, *update, "go test ./reports/runner -run Golden -update")
	}
}
