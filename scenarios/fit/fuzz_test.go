package fit_test

import (
	"bytes"
	"io"
	"testing"
	"time"

	"github.com/peaksim/peaksim/scenarios/fit"
)

// FuzzRead feeds fit's log reader, in the generic layout and the Technion
// one, then the estimators and the fragment: a log is fitted or refused,
// never a panic.
func FuzzRead(f *testing.F) {
	f.Add([]byte("channel,arrival,answer,abandon,end,customer\nphone,2026-12-01 09:00:00,2026-12-01 09:01:00,,2026-12-01 09:05:00,a\nphone,2026-12-01 09:02:00,,2026-12-01 09:03:00,,a\nphone,2026-12-01 09:10:00,2026-12-01 09:10:00,,2026-12-01 09:12:00,a\n"))
	f.Add([]byte("type\tdate\tq_start\tq_exit\toutcome\tser_start\tser_exit\tcustomer_id\nPS\t990901\t23:59:00\t0:00:10\tAGENT\t0:00:10\t0:01:00\t7\nPS\t990901\t0:00:00\t0:00:00\tHANG\t0:00:00\t0:00:00\t0\n"))
	f.Add([]byte("channel;arrival;answer\nx;2026-12-01T09:00:00+01:00;2026-12-01T09:00:00+01:00\n"))
	generic := fit.Columns{Channel: "channel", Arrival: "arrival", Answer: "answer", Abandon: "abandon", End: "end", Customer: "customer"}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, cols := range []fit.Columns{generic, fit.Technion} {
			log, err := fit.Read(bytes.NewReader(data), "log.csv", cols)
			if err != nil {
				continue
			}
			res := fit.Estimate(log, time.Hour)
			if err := res.WriteYAML(io.Discard); err != nil {
				t.Fatal(err)
			}
			if err := res.WriteRatesCSV(io.Discard); err != nil {
				t.Fatal(err)
			}
		}
	})
}
