package reports

import (
	"bytes"
	"testing"
)

func TestShardsOfOneFileTypedTwoWaysHaveOneGrid(t *testing.T) {
	a := &Shard{Count: 2, Runs: []Run{{Name: "ok", Source: "ok.yaml"}}, Replications: []int{2}}
	b := &Shard{Index: 1, Count: 2, Runs: []Run{{Name: "ok", Source: "./ok.yaml"}}, Replications: []int{2}}
	if !bytes.Equal(a.grid(), b.grid()) {
		t.Errorf("ok.yaml and ./ok.yaml make two grids")
	}
	b.Runs[0].Source = "other/ok.yaml"
	if got, want := gridDifference(a, b), "ok comes from other/ok.yaml, not ok.yaml"; got != want {
		t.Errorf("gridDifference = %q, want %q", got, want)
	}
}
