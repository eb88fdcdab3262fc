package reports

import (
	"bytes"
	"io"
	"testing"
)

// FuzzReadActuals feeds backtest's reader of actuals, then the comparison
// and its tables and chart: a file is read or refused with a located
// error, never a panic.
func FuzzReadActuals(f *testing.F) {
	f.Add([]byte("date,channel,offered,answered,abandoned,service_level,backlog\n2026-12-07,phone,10,8,2,80%,3\n2026-12-08,phone,,,,,\n"))
	f.Add([]byte("Date;Channel;Offered\n2026-12-07;phone;1e3\n"))
	f.Add([]byte("date\tchannel\tservice_level\n2026-12-07\tphone\t1.5\n"))
	f.Add([]byte("date,channel,offered\n\"2026-12-07,phone,1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		actuals, err := ReadActuals(bytes.NewReader(data), "actuals.csv")
		if err != nil {
			return
		}
		mean, lo, hi := make([]Float, 48), make([]Float, 48), make([]Float, 48)
		for i := range mean {
			mean[i], lo[i], hi[i] = Float(i), Float(i)-1, Float(i)+1
		}
		sc := Scenario{Name: "s", Replications: 3, HorizonHours: 48, Calendar: &Calendar{Start: "2026-12-07"}}
		for _, name := range []string{"phone.daily.offered", "phone.daily.answered", "phone.daily.abandoned", "phone.daily.service_level"} {
			sc.Series = append(sc.Series, Series{Name: name, StepHours: 24, Mean: mean[:2], Lo95: lo[:2], Hi95: hi[:2]})
		}
		sc.Series = append(sc.Series, Series{Name: "phone.queued", StepHours: 1, Mean: mean, Lo95: lo, Hi95: hi})
		bt, err := CompareActuals(&sc, actuals, "actuals.csv")
		if err != nil {
			return
		}
		if _, err := bt.CSV(); err != nil {
			t.Fatal(err)
		}
		if _, err := bt.DaysCSV(); err != nil {
			t.Fatal(err)
		}
		if err := bt.WriteTable(io.Discard); err != nil {
			t.Fatal(err)
		}
		res := &Results{SchemaVersion: SchemaVersion, Scenarios: []Scenario{sc}, Backtests: []Backtest{*bt}}
		if _, err := res.Encode(); err != nil {
			t.Fatal(err)
		}
		_ = HTML(io.Discard, res)
	})
}
