// Package sim is peaksim's discrete-event engine and the model it runs.
//
// A Model is a flat, validated description of what to simulate (teams,
// channels, distributions, horizon) built by the scenarios package. Run
// simulates one replication of a Model and returns a RepResult; it touches no
// files, flags or terminals, and keeps no package-level state, so many
// replications run at once in one process.
//
// RunJournal is Run with a Journal that hears every order, parcel, case and
// contact event of the replication as it happens, for an event log
// (reports/events writes one); the results are Run's.
//
// Model.Estimate works out, without simulating, what a replication will
// cost in events and memory, so that a run that would take hours or
// exhaust the memory is refused before it starts.
//
// Time is a float64 number of hours from the start of the run.
//
// Randomness comes only from Streams: one PCG generator per purpose
// (arrivals, handling, patience, ...) derived from (seed, replication, stream
// name). Two variants of a scenario that use the same seed therefore draw the
// same random numbers for the same purpose, which makes their differences
// paired (common random numbers).
package sim
