// Package scenarios reads peaksim's scenario files: the YAML format, its
// strict checking, and the built-in scenarios.
//
// A scenario file declares a run (horizon, warm-up, replications, seed),
// teams of agents, and channels of contacts (arrivals, handle time,
// patience, queue capacity, service-level target). A file with a calendar
// is a season: orders with a season curve, their dispatch and delivery,
// the exceptions that go wrong with them, customers who chase, and teams
// and channels with working and opening hours; Model turns its dates into
// the per-hour and per-day arrays of sim.Season. docs/scenarios.md is the
// reference of the format. Durations carry units (90s, 5m, 2h, 3d, 1w,
// 1h30m) and rates a unit of time (45/h); inside peaksim time is a float64
// number of hours, and in a season hour h is local wall-clock time, hour
// h%24 of day h/24.
//
// Load reads a file, Parse checks bytes, Open takes a command-line argument
// (a file, or the name of a built-in scenario such as Default), and
// Builtins lists the built-ins, embedded in the binary. Every problem in a
// file is reported at once, each as a *FieldError naming the file, the line
// and the key: "peak.yaml:14: teams[2].headcount: must be a positive
// integer, got -3". The package neither prints nor exits.
//
// A checked Scenario compiles with Model into the sim.Model the engine
// runs; a Model compiled from any Scenario this package returns passes
// (*sim.Model).Validate.
//
// The file is read with viper (one instance per file, never the global one)
// and decoded with mapstructure into raw structs whose scalars are untyped,
// so that every conversion and message is this package's own; yaml.v3
// parses the same bytes for the line numbers of keys.
package scenarios
