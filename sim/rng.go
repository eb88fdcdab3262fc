package sim

import (
	"hash/fnv"
	"math/rand/v2"
)

// StreamDerivation documents how Stream seeds a generator, and how a
// season derives its orders' and cases' numbers from two of its streams
// (season_rng.go); results.json echoes it so a run can be reproduced
// outside peaksim.
const StreamDerivation = "pcg(splitmix64(seed), splitmix64(splitmix64(replication) ^ fnv1a64(stream name))); " +
	"a season's hourly order counts by Poisson inversion of a hash of (\"orders\" stream, hour, group, promise), " +
	"each order's exception and noticing by hashes of (\"cases\" stream, cut-off day, promise, rank), " +
	"and a case's draws from pcg reseeded by (its order's hash, purpose, occurrence); " +
	"an hourly-rate channel's count in an hour by Poisson inversion of a hash of (\"direct/\" channel name, hour), " +
	"each of its contacts' moment and draws from hashes of (channel, hour, rank); " +
	"every variate from one 64-bit word: inversion, or a ziggurat that reads one word (exponential, normal; gamma by Marsaglia-Tsang from the word's normal)"

// Stream returns the random generator for one purpose in one replication.
//
// The generator depends only on (seed, replication, name): adding a stream
// or a channel never shifts the numbers another stream draws, which is what
// keeps variants of a scenario on common random numbers.
func Stream(seed uint64, replication int, name string) *rand.Rand {
	return rand.New(StreamSource(seed, replication, name))
}

// StreamSource is Stream's generator as a rand.Source, for samplers (such
// as gonum's) that take one.
func StreamSource(seed uint64, replication int, name string) *rand.PCG {
	h := fnv.New64a()
	h.Write([]byte(name))
	return rand.NewPCG(splitmix64(seed), splitmix64(splitmix64(uint64(replication))^h.Sum64()))
}

// reseed seeds p from the one word x: the generator of everything drawn
// about one identity (a case's occurrence, a direct contact, a draw's
// further numbers).
func reseed(p *rand.PCG, x uint64) { p.Seed(splitmix64(x), splitmix64(^x)) }

// splitmix64 is the finaliser of Steele, Lea and Flood's SplitMix64. It
// turns nearby inputs (replication 1, 2, 3...) into unrelated PCG states.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}
