package scenarios

import "fmt"

// Unreachable returns why no run of sc can meet threshold t, or nil when
// some run might. Every metric peaksim reports, costs aside, is a count, a
// duration, a share or an amount of work: never below 0, and a share never
// above 1. So "phone.wait.mean < 0s" is unreachable, while "<= 0s" is not
// (a run where nobody waits meets it). A planner told to meet an
// unreachable target would add agents until it gave up; it is bad input.
func Unreachable(sc *Scenario, t Threshold) error {
	unit, known := metricUnits(sc)[t.Metric]
	if !known || unit == "currency" {
		return nil
	}
	switch {
	case t.Op == "<" && t.Value <= 0, t.Op == "<=" && t.Value < 0:
		return fmt.Errorf("%s is never below 0: no run can make it %s %s", t.Metric, t.Op, t.Limit)
	case unit == "share" && (t.Op == ">" && t.Value >= 1 || t.Op == ">=" && t.Value > 1):
		return fmt.Errorf("%s is a share, never above 100%%: no run can make it %s %s", t.Metric, t.Op, t.Limit)
	}
	return nil
}
