// Package reports turns replication results into the files a run leaves
// behind: results.json (the versioned, canonical record that later verbs
// read back instead of re-running anything), the CSV files (series,
// differences, backtests) and the HTML report; and it judges them: check's
// thresholds and baselines (Meets is the rule), backtests against actuals.
// It never runs the simulator: reports/runner does, and reports/planner
// plans staffing with it.
//
// Summarize folds a scenario's replications into its result; Fold does
// the same, bit for bit, one replication at a time, for a run that folds
// them as they finish, with their series values waiting for the second
// pass of their intervals in a Spool (memory, then a temporary file).
//
// Outputs are staged in a temporary folder beside the target and renamed
// into place, so an interrupted or failed run never leaves a half-written
// folder. Reserve holds an output folder for a run from its start: a lock
// file beside it keeps a second run out, and what killed runs left there
// is removed.
package reports
