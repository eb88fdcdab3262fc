package runner

// SpoolAbove returns opt holding at most n bytes of series values in
// memory before it moves them to a file (1: from the first replication;
// negative: never), for tests of both ways.
func SpoolAbove(opt Options, n int64) Options {
	opt.spoolAbove = n
	return opt
}
