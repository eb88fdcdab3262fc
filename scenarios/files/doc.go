// Package files opens the files a user names and locks the paths peaksim
// writes, so that misuse cannot hang a command or mix two runs' outputs: a
// named pipe, a device or a folder given as an input is refused at once,
// with its path, instead of blocking a read for ever; and a lock file
// beside an output keeps a second run from writing it at the same time.
//
// The checks sit here, in one place, because every verb reads files (a
// scenario, a trace, results.json, shard files) and several write them.
// The package is under scenarios, where the data a run starts from is
// read, and imports nothing of peaksim's: reports, which reads results and
// shards and writes outputs, uses it along the one way data flows.
package files
