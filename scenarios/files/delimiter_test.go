package files_test

import (
	"testing"

	"github.com/peaksim/peaksim/scenarios/files"
)

func TestDelimiter(t *testing.T) {
	for head, want := range map[string]rune{
		"date,orders\n2026-12-01,5\n":     ',',
		"Date;Orders;Revenue\n1;2;3,5\n":  ';',
		"# from the shop\n\nday\tsales\n": '\t',
		"orders\n":                        ',',
		"":                                ',',
	} {
		if got := files.Delimiter([]byte(head)); got != want {
			t.Errorf("Delimiter(%q) = %q, want %q", head, got, want)
		}
	}
}
