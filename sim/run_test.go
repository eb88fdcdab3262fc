package sim

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"
)

func TestRunIsDeterministic(t *testing.T) {
	m := mmc50(t, 50_000)
	a, err := Run(context.Background(), m, 7, 3)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Run(context.Background(), m, 7, 3)
	// Compared as text: NaN metrics (no abandonment here) are unequal to
	// themselves under DeepEqual.
	same := func(x, y *RepResult) bool { return fmt.Sprint(x.Metrics()) == fmt.Sprint(y.Metrics()) }
	if !same(a, b) {
		t.Fatal("the same model, seed and replication gave different metrics")
	}
	c, _ := Run(context.Background(), m, 7, 4)
	if same(a, c) {
		t.Fatal("another replication gave the same metrics")
	}
}

// TestVariantsShareRandomNumbers checks common random numbers: with more
// agents the same customers arrive with the same patience, so the better
// staffed variant has exactly the same offered count and no more abandons.
func TestVariantsShareRandomNumbers(t *testing.T) {
	base := mmc50(t, 20_000)
	base.Channels[0].Patience = mustDist(t)(NewExponential(0.1))
	better := *base
	better.Teams = []Team{{Name: "agents", Agents: 55}}
	a, _ := Run(context.Background(), base, 1, 0)
	b, _ := Run(context.Background(), &better, 1, 0)
	if a.Channels[0].Offered != b.Channels[0].Offered {
		t.Fatalf("offered %d vs %d: arrivals differ between variants", a.Channels[0].Offered, b.Channels[0].Offered)
	}
	if b.Channels[0].Abandoned > a.Channels[0].Abandoned {
		t.Fatalf("55 agents lost %d callers, 50 agents %d", b.Channels[0].Abandoned, a.Channels[0].Abandoned)
	}
}

func TestRunStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, mmc50(t, 1_000_000), 1, 0); !errors.Is(err, context.Canceled) {
		t.Fatalf("Run on a cancelled context returned %v", err)
	}
}

func TestRunAllocationsDoNotGrowWithCustomers(t *testing.T) {
	allocs := func(customers int) float64 {
		m := mmc50(t, customers)
		return testing.AllocsPerRun(3, func() {
			if _, err := Run(context.Background(), m, 1, 0); err != nil {
				t.Fatal(err)
			}
		})
	}
	small, large := allocs(20_000), allocs(400_000)
	// Slices grow to the largest queue seen, which is a little larger in a
	// longer run: a few doublings, never one allocation per customer.
	if large > small+8 {
		t.Fatalf("%v allocations for 20,000 customers but %v for 400,000", small, large)
	}
}

// TestSharedTeamServesOldestFirst runs two channels on one agent with
// deterministic times and checks who is answered when.
func TestSharedTeamServesOldestFirst(t *testing.T) {
	must := mustDist(t)
	m := &Model{
		Name:    "shared",
		Horizon: 10,
		Teams:   []Team{{Name: "one", Agents: 1}},
		Channels: []Channel{
			// Arrivals at 1, 2, 3... handled in 1.5h: a queue builds up.
			{Name: "a", Interarrival: must(NewDeterministic(1)), HandleTime: must(NewDeterministic(1.5)), QueueCapacity: Unlimited},
			{Name: "b", Team: 0, Interarrival: must(NewDeterministic(1.25)), HandleTime: must(NewDeterministic(1.5)), QueueCapacity: Unlimited},
		},
	}
	res, err := Run(context.Background(), m, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	a, b := &res.Channels[0], &res.Channels[1]
	// a arrives at 1..9 (9 contacts), b at 1.25..8.75 (7 contacts); all
	// are served after the horizon drains the queue.
	if a.Offered != 9 || b.Offered != 7 || a.Answered != 9 || b.Answered != 7 {
		t.Fatalf("offered/answered a %d/%d, b %d/%d", a.Offered, a.Answered, b.Offered, b.Answered)
	}
	// One agent, 16 contacts of 1.5h from t=1: busy without a break until
	// 25, so the last contact (a at 9) waits 16 - 1.5 = 14.5h after... the
	// total wait is the sum over the FIFO order, which the oldest-first rule
	// makes the merged arrival order.
	arrivals := []float64{1, 1.25, 2, 2.5, 3, 3.75, 4, 5, 5, 6, 6.25, 7, 7.5, 8, 8.75, 9}
	var want float64
	for i, at := range arrivals {
		want += 1 + 1.5*float64(i) - at
	}
	if got := a.Wait.Sum() + b.Wait.Sum(); math.Abs(got-want) > 1e-9 {
		t.Fatalf("total wait %v, want %v", got, want)
	}
}

func TestRunRejectsWhenQueueIsFull(t *testing.T) {
	must := mustDist(t)
	m := &Model{
		Name:    "box",
		Horizon: 100,
		Teams:   []Team{{Name: "one", Agents: 1}},
		Channels: []Channel{{Name: "voicemail", Interarrival: must(NewDeterministic(1)),
			HandleTime: must(NewDeterministic(10)), QueueCapacity: 2}},
	}
	res, err := Run(context.Background(), m, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	c := &res.Channels[0]
	if c.Rejected == 0 || c.Offered != c.Answered+c.Rejected || c.QueueLengthMax != 2 {
		t.Fatalf("offered %d answered %d rejected %d max queue %v", c.Offered, c.Answered, c.Rejected, c.QueueLengthMax)
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	m := &Model{Horizon: -1, Warmup: 5, Teams: []Team{{Agents: 0}}, Channels: []Channel{{Team: 3, QueueCapacity: -5, ServiceTarget: math.NaN()}}}
	err := m.Validate()
	if err == nil {
		t.Fatal("an invalid model passed")
	}
	if n := len(err.(interface{ Unwrap() []error }).Unwrap()); n < 7 {
		t.Fatalf("got %d problems, want every one of at least 7: %v", n, err)
	}
}

// TestChatAgentsHandleSeveralAtOnce: one agent, a chat every 6 minutes
// lasting 15: with three chats at a time nobody waits, with one a queue
// builds up.
func TestChatAgentsHandleSeveralAtOnce(t *testing.T) {
	must := mustDist(t)
	run := func(concurrency int) *ChannelResult {
		m := &Model{
			Name: "chat", Horizon: 10,
			Teams: []Team{{Name: "one", Agents: 1}},
			Channels: []Channel{{Name: "chat", Interarrival: must(NewDeterministic(0.1)), HandleTime: must(NewDeterministic(0.25)),
				QueueCapacity: Unlimited, Concurrency: concurrency}},
		}
		res, err := Run(context.Background(), m, 1, 0)
		if err != nil {
			t.Fatal(err)
		}
		return &res.Channels[0]
	}
	three, one := run(3), run(1)
	if three.Wait.Max() != 0 || !(one.Wait.Mean() > 1) {
		t.Fatalf("longest wait %v with three chats at a time; mean wait %v with one", three.Wait.Max(), one.Wait.Mean())
	}
	if occ := three.BusyMean; math.Abs(occ-2.5/3) > 0.05 {
		t.Fatalf("agent busy %v of the time on three chats, want about 2.5/3", occ)
	}
}

// TestOverflowTeamTakesTheChannel gives a swamped one-agent phone team a
// second, idle team skilled for phone: calls then wait far less.
func TestOverflowTeamTakesTheChannel(t *testing.T) {
	must := mustDist(t)
	run := func(overflow []int) *RepResult {
		m := &Model{
			Name: "skills", Horizon: 500, Warmup: 10,
			Teams: []Team{{Name: "phone", Agents: 1}, {Name: "back-office", Agents: 2}},
			Channels: []Channel{{Name: "phone", Interarrival: must(NewExponential(0.5)), HandleTime: must(NewExponential(0.45)),
				QueueCapacity: Unlimited, Overflow: overflow}},
		}
		res, err := Run(context.Background(), m, 1, 0)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	alone, helped := run(nil), run([]int{1})
	if !(helped.Channels[0].Wait.Mean() < alone.Channels[0].Wait.Mean()/5) || helped.Teams[1].BusyHours == 0 {
		t.Fatalf("mean wait %v with an overflow team, %v without; overflow team busy %v h",
			helped.Channels[0].Wait.Mean(), alone.Channels[0].Wait.Mean(), helped.Teams[1].BusyHours)
	}
}
