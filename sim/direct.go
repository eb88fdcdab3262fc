package sim

import (
	"cmp"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"
)

// An hourly-rate stream's contacts are identified by (channel, hour, index)
// and draw everything from hashes of that identity, so that a variant with
// another rate in some hours keeps its other hours' contacts, and the
// contacts it shares with the baseline in a changed hour:
//
//   - The hour's count is Poisson inversion of the hour's uniform, which
//     never falls when the rate rises (poissonQuantile): a variant with
//     more enquiries in an hour has the baseline's and more.
//   - Contact k's moment is the hour's start plus a uniform of its own, and
//     the contacts of an hour are taken in the order of their moments.
//     Given their count, the moments of a Poisson process of constant rate
//     are independent uniforms over the hour, so this is the process
//     exactly; and contact k arrives at the same moment whatever the count.
//   - Contact k's patience, handle time, callback answer and never-answered
//     fate come from a generator seeded by its identity, not from streams
//     read in arrival order.
//
// A stream of gaps (Interarrival) cannot do this: one more contact moves
// every later one.

// MaxHourlyRate bounds a Channel's HourlyRate: an hour's contacts are
// drawn, and held, together.
const MaxHourlyRate = 10_000_000

// directContact is one contact of an hourly-rate stream in the current hour.
type directContact struct {
	at  float64
	key uint64 // the hash of (channel, hour, rank) its draws come from
}

// directKey returns the root of a channel's hourly-stream hashes, from the
// same (seed, replication, name) as Stream, so that adding a channel keeps
// another's contacts.
func directKey(seed uint64, rep int, name string) uint64 {
	h := fnv.New64a()
	h.Write([]byte("direct/" + name))
	return splitmix64(splitmix64(seed) ^ splitmix64(splitmix64(uint64(rep))^h.Sum64()))
}

// Salts that split a direct contact's identity into independent words.
const (
	saltDirectAt    = 0x510e527fade682d1 // its moment within the hour
	saltDirectDraws = 0x9b05688c2b3e6c1f // the seed of its own draws
)

// drawHour draws channel ch's contacts of hour h, at rate an hour until
// the hour ends or the horizon, and schedules the first.
func (s *simulation) drawHour(ch int32, h int, rate float64) {
	cs := &s.channels[ch]
	hourKey := splitmix64(cs.directKey ^ uint64(h)*0x9e3779b97f4a7c15)
	n := poissonQuantile(rate, unit(hourKey))
	end := math.Min(float64(h+1), s.model.Horizon)
	cs.hour = cs.hour[:0]
	cs.next = 0
	for k := range n {
		// A moment that rounds up to the next hour is kept at the hour's last
		// float, so that the hour's contacts all arrive before the next
		// hour's are drawn.
		key := orderHash(hourKey, k)
		at := math.Min(float64(h)+salted(key, saltDirectAt), math.Nextafter(float64(h+1), 0))
		if at < end {
			cs.hour = append(cs.hour, directContact{at, key})
		}
	}
	slices.SortFunc(cs.hour, func(a, b directContact) int {
		return cmp.Or(cmp.Compare(a.at, b.at), cmp.Compare(a.key, b.key))
	})
	s.scheduleDirect(ch)
}

func (s *simulation) scheduleDirect(ch int32) {
	if cs := &s.channels[ch]; cs.next < len(cs.hour) {
		s.cal.Schedule(cs.hour[cs.next].at, evArrival, ch)
	}
}

// hourlyArrival offers the hour's next contact of channel ch, with draws
// from its own generator.
func (s *simulation) hourlyArrival(ch int32, now float64) {
	cs := &s.channels[ch]
	key := cs.hour[cs.next].key
	cs.next++
	s.scheduleDirect(ch)
	reseed(cs.draws, splitmix64(key^saltDirectDraws))
	s.arrive(ch, now, nilID, false, cs.drawsR, cs.drawsR)
}

func newDirectDraws() (*rand.PCG, *rand.Rand) {
	p := rand.NewPCG(0, 0)
	return p, rand.New(p)
}
