package sim

import (
	"math"
	"math/rand/v2"
)

// A season keeps its variants on common random numbers by tying every draw
// to an identity that survives a change of parameters, not to the order in
// which draws happen to be made:
//
//   - An order is (its cohort's cut-off day, its promise, its rank among the
//     cohort's orders of that promise); a backorder is (the hour it was
//     placed, its product group, its promise, its rank among that hour's).
//     Its fate (which exception its parcel has, when its customer would
//     notice that it is late, whether they read a stale tracking page) is a
//     hash of that identity, not a draw from a stream shared with every
//     other order: a variant that ships an order a day later, or ships more
//     orders before it, leaves it the same fate.
//   - A case takes its key from its order, and each of its draws comes from
//     a generator seeded by (key, purpose, occurrence): the claim's third
//     task takes the same time however often the customer chased before it,
//     and a retry after an abandoned call in one variant renumbers neither
//     the customer's later attempts nor their chases. Within one
//     occurrence, draws are made in a fixed order.
//   - A draw among options (an exception, a channel, a product group, a
//     resolution) is a race of their weights (race): a variant that changes
//     one option's weight moves only the draws it must.
//
// Such draws cost a hash per order shipped and a reseed per occurrence (a
// PCG is two words of state), and nothing is stored per order.

// purpose names what a case's draws are for; each has a generator of its
// own in seasonState, so that the draws of one purpose never interleave with
// another's, even when one calls the other (a workflow step that makes the
// customer get in touch).
type purpose uint8

const (
	forOrder   purpose = iota // the order's attributes, when its case opens: value, data error, deadline, product group
	forLate                   // the company's detection of an order late from the warehouse; a stale tracking page's timing
	forParcel                 // the n-th parcel's fate: transit, delays, when it is noticed, detection, a reship's exception
	forContact                // a contact: channel, self-service, the post, patience, handle time (see contactOccurrence)
	forRetry                  // after the n-th failed contact: whether, how soon and where the customer tries again
	forChase                  // the n-th wait for news: the chase interval
	forTask                   // the n-th piece of work started: its time
	forStep                   // the n-th workflow step run: waits, branches, outcomes, a notice's date and belief
	forForm                   // the n-th form sent: transit, loss, the customer's answer
	numPurposes
)

// caseStreams holds a generator per purpose, reseeded for each draw
// sequence: no case carries a generator, and none is allocated once the
// season runs.
type caseStreams struct {
	pcg [numPurposes]*rand.PCG
	r   [numPurposes]*rand.Rand
}

func newCaseStreams() caseStreams {
	var cs caseStreams
	for p := range cs.pcg {
		cs.pcg[p] = rand.NewPCG(0, 0)
		cs.r[p] = rand.New(cs.pcg[p])
	}
	return cs
}

// stream returns the generator of case k's occurrence n of purpose p,
// reseeded. It is valid until the next call for the same purpose.
func (st *seasonState) stream(k *kase, p purpose, n uint64) *rand.Rand {
	x := k.key ^ uint64(p)<<56 ^ n*0x9e3779b97f4a7c15
	reseed(st.streams.pcg[p], x)
	return st.streams.r[p]
}

// next counts an occurrence of purpose p for case k and returns its
// generator.
func (st *seasonState) next(k *kase, p purpose) *rand.Rand {
	k.drawn[p]++
	return st.stream(k, p, uint64(k.drawn[p]))
}

// contactOccurrence numbers the contact streams: a fresh attempt (after
// noticing, chasing, being asked to tell the story again) and a retry after
// a failed contact are counted apart, so that an abandoned call in one
// variant does not renumber the customer's later chases; hop counts the
// times one attempt comes back (a channel closed until morning, a letter
// in the post).
func contactOccurrence(retry bool, n uint32, hop uint8) uint64 {
	o := uint64(n)<<9 | uint64(hop)
	if retry {
		o |= 1 << 8
	}
	return o
}

// Salts that split an order's hash into independent uniforms.
const (
	saltNotice = 0x6a09e667f3bcc908 // when its customer would notice it late
	saltStale  = 0xbb67ae8584caa73b // whether they look at a stale tracking page
	saltCase   = 0x3c6ef372fe94f82b // its case's key
)

// orderBase returns the hash that, with a rank, identifies an order: kind
// tells orders in a cohort (0) from backorders (1), and a, b, c are the rest
// of the identity (day, promise; hour, group, promise). Kind 2 is the
// uniform of an hour's order count (hour, group, promise).
func orderBase(seed uint64, kind, a, b, c uint64) uint64 {
	return splitmix64(seed ^ splitmix64(kind<<62^a<<24^b<<12^c))
}

// orderHash returns the hash of the order of rank among those of base.
func orderHash(base uint64, rank int64) uint64 {
	return splitmix64(base + uint64(rank)*0x9e3779b97f4a7c15)
}

// unit maps a hash to a uniform in [0, 1) with 53 random bits.
func unit(h uint64) float64 { return float64(h>>11) * 0x1p-53 }

// salted returns the uniform of order hash h for the purpose salt names.
func salted(h, salt uint64) float64 { return unit(splitmix64(h ^ salt)) }

// saltWhich derives, from the hash of a parcel that goes wrong, the word
// whose race decides which exception it has.
const saltWhich = 0xa54ff53a5f1d36f1

// race returns index i of weights with probability weights[i] / Σ weights,
// leaving out index skip (-1 for none), or -1 when no other weight is above
// 0. It is an exponential race: index i arrives at Eᵢ / weights[i], with Eᵢ
// an exponential of mean 1 from a word of its own salted from h, and the
// first to arrive wins. A variant that raises one weight moves to it only
// draws that the change must move, and takes none from the others to
// another; one that scales every weight alike moves none. Reading
// consecutive bands of a single uniform, as a cumulative table does, would
// give the draws of every index after the changed one to others. The
// exponentials are the ziggurat's (ziggurat.go): a logarithm per index made
// a season's replication a seventh slower.
func race(h uint64, weights []float64, skip int) int {
	best, first := -1, math.Inf(1)
	for i, w := range weights {
		if i == skip || !(w > 0) {
			continue
		}
		if t := unitExponential(splitmix64(h^(uint64(i)+1)*0x9e3779b97f4a7c15)) / w; t < first {
			best, first = i, t
		}
	}
	return best
}
