package sim

import (
	"context"
	"fmt"
	"github.com/peaksim/peaksim/sim/stats"
	"math"
	"testing"
)

// smallSeason is a 30-day season with a rising order curve, two customer
// channels, a claims team, chasing and retries.
func smallSeason(t testing.TB) *Model {
	must := func(d Dist, err error) Dist {
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	const days = 30
	orders := make([]float64, days*24)
	for h := range orders {
		orders[h] = (1000 + 50*float64(h/24)) / 24
	}
	capacity := make([]int, days)
	carrier := make([]bool, days)
	for d := range capacity {
		capacity[d] = 2500
		carrier[d] = d%7 != 6
	}
	return &Model{
		Name:    "small-season",
		Horizon: days * 24,
		Teams: []Team{
			{Name: "phone", Agents: 3, CostPerHour: 20},
			{Name: "email", Agents: 1, CostPerHour: 18},
			{Name: "claims", Agents: 2, CostPerHour: 25},
		},
		Channels: []Channel{
			{Name: "phone", Team: 0, HandleTime: must(NewLogNormal(0.1, 0.8)), Patience: must(NewExponential(0.1)),
				QueueCapacity: Unlimited, ServiceTarget: 20.0 / 3600},
			{Name: "email", Team: 1, HandleTime: must(NewExponential(0.15)), QueueCapacity: Unlimited, ServiceTarget: 24, Deferred: true},
		},
		Season: &Season{
			OrdersPerHour: orders, DispatchHour: 15, DispatchCapacity: capacity, CarrierDays: carrier, DeliveryHour: 13,
			Promises: []Promise{{Name: "standard", Share: 0.8, TransitDays: 3}, {Name: "next-day", Share: 0.2, TransitDays: 1}},
			Exceptions: []Exception{
				{Name: "lost", Kind: Lost, Probability: 0.01, NoticeDelay: must(NewGamma(24, 0.7)), ChannelMix: []float64{0.6, 0.4},
					ResolveTeam: 2, ResolveTime: must(NewLogNormal(0.3, 0.5)), Reship: 0.5, Refund: 0.5},
				{Name: "late", Kind: Late, Probability: 0.03, Delay: must(NewExponential(48)), NoticeDelay: must(NewExponential(12)),
					ChannelMix: []float64{0.7, 0.3}, ResolveTeam: -1},
				{Name: "damaged", Kind: Damaged, Probability: 0.005, NoticeDelay: must(NewExponential(6)), ChannelMix: []float64{0.5, 0.5},
					ResolveTeam: 2, ResolveTime: must(NewExponential(0.25)), Reship: 0.6, Refund: 0.2, Credit: 0.2},
			},
			Customer: Customer{
				ChaseInterval: must(NewGamma(48, 0.5)), RetryProb: 0.7, RetryDelay: must(NewExponential(1)), SwitchProb: 0.3,
				DeadlineShare: 0.3, Deadline: 20 * 24, ChurnContacts: 4, EffortWeights: DefaultEffortWeights(),
			},
		},
	}
}

// tightWarehouse turns on late orders' cases (the late exception) and gives
// smallSeason's warehouse less than its busiest days need, and no dispatch
// on Sundays.
func tightWarehouse(m *Model) {
	m.Season.Exceptions[1].LateOrders = true
	for d := range m.Season.DispatchCapacity {
		m.Season.DispatchCapacity[d] = 1400
		if d%7 == 6 {
			m.Season.DispatchCapacity[d] = 0
		}
	}
}

func runSeason(t testing.TB, m *Model, rep int) *RepResult {
	res, err := Run(context.Background(), m, 1, rep)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestSeasonConservation(t *testing.T) {
	for rep := range 7 {
		m := smallSeason(t)
		switch rep {
		case 1: // drivers who cannot reach the customer; emails nobody answers
			m.Season.Exceptions[1].Unreachable, m.Season.Exceptions[1].UnreachableAs = 0.3, 0
			m.Channels[1].NeverAnswered = 0.2
		case 2: // with callbacks from phone to email
			m.Teams[0].Agents = 1
			m.Channels[0].Callback = &CallbackOffer{After: 0.05, Accept: 0.5, Channel: 1}
		case 3: // with new staff learning: phone and claims slow at first
			for _, ti := range []int{0, 2} {
				m.Teams[ti].SpeedByHour = make([]float64, m.hours())
				for h := range m.Teams[ti].SpeedByHour {
					m.Teams[ti].SpeedByHour[h] = 0.65 + 0.35*min(float64(h)/(24*21), 1)
				}
			}
		case 4: // a warehouse that falls behind, late orders' customers, a stale tracking page
			tightWarehouse(m)
			m.Season.StaleTracking = StaleTracking{Share: 0.2, After: 12}
		case 5: // with proactive compensation: small orders refunded on detection, the others credited
			m = costSeason(t)
			m.Season.Compensation = []Compensation{{MaxValue: 40, Kind: CompensateRefund}, {Kind: CompensateShare, Amount: 0.2}}
		case 6: // with general enquiries by phone (in the day only) and email, drawn hour by hour
			hours := m.hours()
			m.Channels[0].HourlyRate, m.Channels[1].HourlyRate, m.Channels[0].Open = make([]float64, hours), make([]float64, hours), make([]bool, hours)
			for h := range hours {
				m.Channels[0].Open[h] = h%24 >= 8 && h%24 < 20
				m.Channels[0].HourlyRate[h], m.Channels[1].HourlyRate[h] = 12, 3
			}
		}
		sim := newSimulation(m, 1, rep)
		if err := sim.run(context.Background()); err != nil {
			t.Fatal(err)
		}
		res := sim.res
		s := res.Season
		waitingCases := int64(0)
		for i := range sim.season.cases {
			if k := &sim.season.cases[i]; k.inWarehouse && k.state != resolved {
				waitingCases++
			}
		}
		if rep == 4 && (s.LateOrderCases == 0 || s.LateUnnoticed == 0 || waitingCases == 0) {
			t.Errorf("the tight warehouse made %d late-order cases, %d unnoticed late orders, %d cases waiting at the end", s.LateOrderCases, s.LateUnnoticed, waitingCases)
		}
		var ended int64
		for _, n := range s.Outcomes {
			ended += n
		}
		if ended != s.Orders {
			t.Errorf("rep %d: %d orders but %d outcomes %v", rep, s.Orders, ended, s.Outcomes)
		}
		// A case whose order still waits at the end ends undispatched; a
		// late order that came before its customer noticed is late, with
		// no case.
		if problems := ended - s.Outcomes[OnTime] - s.Outcomes[Undispatched] - s.LateUnnoticed; problems != s.Parcels-waitingCases {
			t.Errorf("rep %d: %d parcels went wrong, %d of them still in the warehouse, but %d orders ended other than on time, unnoticed late or in the warehouse", rep, s.Parcels, waitingCases, problems)
		}
		if s.Shipped+s.Outcomes[Undispatched] != s.Orders {
			t.Errorf("rep %d: shipped %d + undispatched %d != orders %d", rep, s.Shipped, s.Outcomes[Undispatched], s.Orders)
		}
		var offered, settled int64
		for _, c := range res.Channels {
			offered += c.Offered
			settled += c.Answered + c.Abandoned + c.Rejected + c.CallbacksAccepted + c.NeverAnswered
		}
		if offered != settled+s.StillQueued {
			t.Errorf("rep %d: %d contacts offered, %d answered, abandoned, rejected or never answered, %d still queued", rep, offered, settled, s.StillQueued)
		}
		if rep == 1 && res.Channels[1].NeverAnswered == 0 {
			t.Errorf("no email left unanswered")
		}
		if direct := res.Channels[0].Offered - res.Channels[0].FailureDemand; rep == 6 && direct == 0 {
			t.Errorf("no general enquiry by phone")
		}
		// A wait for a reply runs from a message of the customer's to news
		// or the end, within the days the case is open; the effort index
		// is its weighted components.
		if s.ReplyWaitDays.Sum() > s.DaysOpen.Sum() || !(s.ReplyWaitDays.Sum() > 0) {
			t.Errorf("rep %d: %v days waiting for a reply in %v days open", rep, s.ReplyWaitDays.Sum(), s.DaysOpen.Sum())
		}
		w := m.Season.Customer.EffortWeights
		if parts := w.Contacts*s.Contacts.Sum() + w.Failed*s.FailedContacts.Sum() + w.WaitHours*s.WaitHours.Sum() + w.ReplyWaitDays*s.ReplyWaitDays.Sum() +
			w.DaysOpen*s.DaysOpen.Sum() + w.Actions*s.Actions.Sum() + w.Handoffs*s.CaseHandoffs.Sum(); math.Abs(parts-s.EffortIndex.Sum()) > 1e-9*s.EffortIndex.Sum() {
			t.Errorf("rep %d: effort index %v, its weighted components %v", rep, s.EffortIndex.Sum(), parts)
		}
		if s.CasesOpened != s.CasesResolved+s.OpenAtEnd {
			t.Errorf("rep %d: %d cases opened, %d resolved, %d open at the end", rep, s.CasesOpened, s.CasesResolved, s.OpenAtEnd)
		}
		for h, open := range s.OpenCases {
			total := 0.0
			for _, byStage := range s.OpenByStage {
				total += byStage[h]
			}
			if total != open {
				t.Fatalf("rep %d, hour %d: %v open cases, %v by stage", rep, h, open, total)
			}
		}
		for _, team := range res.Teams {
			if math.Abs(stats.Sum(team.DailyBusy)-team.BusyHours) > 1e-6*team.BusyHours || math.Abs(stats.Sum(team.DailyOnDuty)-team.OnDutyHours) > 1e-6*team.OnDutyHours {
				t.Errorf("rep %d, team %s: daily hours do not add up to %v busy, %v on duty", rep, team.Name, team.BusyHours, team.OnDutyHours)
			}
		}
		var contacts, failure float64
		for _, c := range res.Channels {
			contacts += float64(c.Offered - c.CallbacksAccepted)
			failure += float64(c.FailureDemand)
		}
		daily := map[string][]float64{}
		for _, ser := range res.Series() {
			daily[ser.Name] = ser.Values
		}
		if v, f := stats.Sum(daily["contacts.daily.value_demand"]), stats.Sum(daily["contacts.daily.failure_demand"]); v+f != contacts || f != failure {
			t.Errorf("rep %d: daily demand %v value + %v failure, season %v contacts of which %v failure", rep, v, f, contacts, failure)
		}
		if rep == 2 && res.Channels[0].CallbacksAccepted == 0 {
			t.Errorf("no callbacks taken")
		}
		if rep == 5 && (s.Compensated == 0 || s.Compensation == 0) {
			t.Errorf("nobody compensated")
		}
		if s.CasesOpened == 0 || s.Reships == 0 || res.Channels[0].FailureDemand == 0 {
			t.Errorf("rep %d: the season did not exercise cases, reships and chasing: %+v", rep, s.Outcomes)
		}
	}
}

// TestOrdersFollowTheCurve checks the order process against its intensity:
// over R replications the orders of day d are Poisson with mean R·Λ_d, where
// Λ_d sums the day's hourly means. Each day's standardised count must be
// within ±4.5 (a false alarm about once in 10^4 such tests), and their sum of
// squares within the 99.9% point of χ²(30), 59.7.
func TestOrdersFollowTheCurve(t *testing.T) {
	m := smallSeason(t)
	const reps = 40
	days := len(m.Season.DispatchCapacity)
	got := make([]float64, days)
	for rep := range reps {
		for d, n := range runSeason(t, m, rep).Season.OrdersPerDay {
			got[d] += n
		}
	}
	chi2 := 0.0
	for d := range days {
		want := 0.0
		for _, r := range m.Season.OrdersPerHour[24*d : 24*d+24] {
			want += reps * r
		}
		z := (got[d] - want) / math.Sqrt(want)
		chi2 += z * z
		if math.Abs(z) > 4.5 {
			t.Errorf("day %d: %v orders over %d replications, want %v (z = %.1f)", d, got[d], reps, want, z)
		}
	}
	if chi2 > 59.7 {
		t.Errorf("sum of squared z-scores %.1f over 30 days exceeds χ²(30) at 99.9%%", chi2)
	}
}

// TestNoChasingMeansNoRepeatContacts: customers who never chase, never
// retry and whose case never needs a second parcel contact the company
// once per case.
func TestNoChasingMeansNoRepeatContacts(t *testing.T) {
	m := smallSeason(t)
	m.Season.Customer.ChaseInterval = Dist{}
	m.Season.Customer.RetryProb = 0
	for i := range m.Season.Exceptions {
		e := &m.Season.Exceptions[i]
		e.Refund, e.Reship = e.Refund+e.Reship, 0
	}
	if share := metric(t, runSeason(t, m, 0), "repeat_contact_share"); share != 0 {
		t.Fatalf("repeat contact share %v without chasing", share)
	}
}

// TestFailureDemandIsEveryContactAboutAFailure pins Seddon's definition on
// two small seasons: without general enquiries every contact is about a
// parcel that went wrong (a share of 1, the chasing a part of it); without
// anything going wrong, none is.
func TestFailureDemandIsEveryContactAboutAFailure(t *testing.T) {
	r := runSeason(t, smallSeason(t), 0)
	if share, repeat := metric(t, r, "failure_demand_share"), metric(t, r, "repeat_contact_share"); share != 1 || !(repeat > 0 && repeat < 1) {
		t.Errorf("only contacts about cases: failure demand share %v, repeat share %v", share, repeat)
	}
	m := smallSeason(t)
	for i := range m.Season.Exceptions {
		m.Season.Exceptions[i].Probability = 0
	}
	m.Channels[0].HourlyRate = make([]float64, m.hours())
	for h := range m.Channels[0].HourlyRate {
		m.Channels[0].HourlyRate[h] = 2
	}
	r = runSeason(t, m, 0)
	if share, offered := metric(t, r, "failure_demand_share"), metric(t, r, "contacts.total"); share != 0 || offered == 0 {
		t.Errorf("general enquiries only: failure demand share %v of %v contacts", share, offered)
	}
}

func TestShorterChaseIntervalMeansMoreContacts(t *testing.T) {
	contactsPerCase := func(chaseHours float64) float64 {
		m := smallSeason(t)
		d, _ := NewGamma(chaseHours, 0.5)
		m.Season.Customer.ChaseInterval = d
		total := 0.0
		for rep := range 5 {
			total += runSeason(t, m, rep).Season.Contacts.Mean()
		}
		return total / 5
	}
	patient, eager := contactsPerCase(96), contactsPerCase(12)
	if !(eager > patient) {
		t.Fatalf("contacts per case: %.2f chasing every 12h, %.2f every 96h", eager, patient)
	}
}

// TestMoreAgentsNeverMoreBacklog adds agents one at a time to a stretched
// claims team and checks, replication by replication on the same seeds,
// that the mean open-case backlog never rises.
func TestMoreAgentsNeverMoreBacklog(t *testing.T) {
	for rep := range 4 {
		prev := math.Inf(1)
		for agents := 1; agents <= 4; agents++ {
			m := smallSeason(t)
			m.Teams[2].Agents = agents
			backlog := mean(runSeason(t, m, rep).Season.OpenCases)
			if backlog > prev {
				t.Errorf("rep %d: mean backlog %.1f with %d claims agents, %.1f with one fewer", rep, backlog, agents, prev)
			}
			prev = backlog
		}
	}
}

func TestSeasonIsDeterministic(t *testing.T) {
	a, b := runSeason(t, smallSeason(t), 2), runSeason(t, smallSeason(t), 2)
	if a.Season.Outcomes != b.Season.Outcomes || a.Events != b.Events || a.Season.Resolution.Sum() != b.Season.Resolution.Sum() {
		t.Fatal("the same season, seed and replication gave different results")
	}
}

// TestCaseSlotsAreFreedOnce stretches the phone team so that late parcels
// often arrive while their customer is still on hold, and checks that no
// case slot is freed twice or while a contact still refers to it.
func TestCaseSlotsAreFreedOnce(t *testing.T) {
	m := smallSeason(t)
	m.Teams[0].Agents, m.Teams[1].Agents = 1, 1
	m.Channels[0].Patience = Dist{}
	s := newSimulation(m, 1, 0)
	if err := s.loop(context.Background()); err != nil {
		t.Fatal(err)
	}
	seen := map[int32]bool{}
	for _, id := range s.season.free {
		k := &s.season.cases[id]
		if seen[id] || k.state != resolved || k.inFlight != 0 {
			t.Fatalf("case slot %d freed twice or too early: %+v", id, *k)
		}
		seen[id] = true
	}
	inFlight := map[int32]int32{}
	for i := range s.contacts {
		if c := &s.contacts[i]; c.state != 0 && c.kase != nilID {
			inFlight[c.kase]++
		}
	}
	for id, n := range inFlight {
		if s.season.cases[id].inFlight != n {
			t.Fatalf("case %d counts %d contacts in flight, %d refer to it", id, s.season.cases[id].inFlight, n)
		}
	}
}

func TestCarrierOverloadMakesParcelsLate(t *testing.T) {
	base := smallSeason(t)
	tight := smallSeason(t)
	tight.Season.CarrierCapacity = make([]int, len(tight.Season.DispatchCapacity))
	for d := range tight.Season.CarrierCapacity {
		tight.Season.CarrierCapacity[d] = 800
	}
	tight.Season.OverloadException = 1 // late
	tight.Season.Exceptions[0].LoadRise = 1
	a, b := runSeason(t, base, 0).Season, runSeason(t, tight, 0).Season
	if !(b.Outcomes[DeliveredLate] > 2*a.Outcomes[DeliveredLate]) || !(b.Parcels > a.Parcels) {
		t.Fatalf("late parcels %d with an overloaded carrier, %d without; problems %d vs %d",
			b.Outcomes[DeliveredLate], a.Outcomes[DeliveredLate], b.Parcels, a.Parcels)
	}
	var ended int64
	for _, n := range b.Outcomes {
		ended += n
	}
	if ended != b.Orders {
		t.Fatalf("%d orders, %d outcomes", b.Orders, ended)
	}
}

func TestDetectionSavesContacts(t *testing.T) {
	proactive := smallSeason(t)
	for i := range proactive.Season.Exceptions {
		e := &proactive.Season.Exceptions[i]
		if e.ResolveTeam >= 0 {
			e.DetectProb, e.DetectDelay = 1, mustDist(t)(NewDeterministic(1))
		}
	}
	a, b := runSeason(t, smallSeason(t), 0).Season, runSeason(t, proactive, 0).Season
	if b.Detected == 0 || !(b.Contacts.Mean() < a.Contacts.Mean()) {
		t.Fatalf("detected %d; contacts per case %.2f with detection, %.2f without", b.Detected, b.Contacts.Mean(), a.Contacts.Mean())
	}
}

func TestSlowerTeamResolvesLater(t *testing.T) {
	slow := smallSeason(t)
	slow.Teams[2].Agents, slow.Teams[2].Speed = 1, 0.25
	fast := smallSeason(t)
	fast.Teams[2].Agents = 1
	a, b := runSeason(t, fast, 0).Season.Resolution.Mean(), runSeason(t, slow, 0).Season.Resolution.Mean()
	if !(b > a) {
		t.Fatalf("mean resolution %.1fh for a team at speed 0.25, %.1fh at speed 1", b, a)
	}
}

// TestLettersLostInThePostMeanChasing turns the email channel into post
// that loses half the letters: customers write, wait in vain, and chase.
func TestLettersLostInThePostMeanChasing(t *testing.T) {
	post := smallSeason(t)
	post.Channels[1].Transit, post.Channels[1].Loss = mustDist(t)(NewDeterministic(48)), 0.5
	a, b := runSeason(t, smallSeason(t), 0).Season, runSeason(t, post, 0).Season
	if !(b.FailedContacts.Mean() > a.FailedContacts.Mean()) || !(b.Resolution.Mean() > a.Resolution.Mean()) {
		t.Fatalf("failed attempts per case %.2f by post, %.2f by email; resolution %.1fh vs %.1fh",
			b.FailedContacts.Mean(), a.FailedContacts.Mean(), b.Resolution.Mean(), a.Resolution.Mean())
	}
}

// withStock gives smallSeason a product group ("toys", 30% of orders) whose
// stock runs out on about day 8, and a backorder exception.
func withStock(t *testing.T, restocks []Restock) *Model {
	m := smallSeason(t)
	sp := m.Season
	sp.Exceptions = append(sp.Exceptions, Exception{Name: "backorder", Kind: Backordered,
		NoticeDelay: mustDist(t)(NewExponential(24)), ChannelMix: []float64{0.5, 0.5},
		ResolveTeam: 2, ResolveTime: mustDist(t)(NewExponential(0.2)), Reship: 0.7, Refund: 0.3})
	sp.BackorderException = len(sp.Exceptions) - 1
	sp.Stock = []StockGroup{
		{Name: "toys", Share: 0.3, Initial: 3000, Restocks: restocks},
		{Name: "other", Share: 0.7, Initial: 1 << 40},
	}
	return m
}

func TestBackordersShipWhenStockComes(t *testing.T) {
	restocked := runSeason(t, withStock(t, []Restock{{Day: 15, Units: 20000}}), 0).Season
	never := runSeason(t, withStock(t, nil), 0).Season
	for name, s := range map[string]*SeasonResult{"restocked": restocked, "never restocked": never} {
		var ended int64
		for _, n := range s.Outcomes {
			ended += n
		}
		if ended != s.Orders {
			t.Errorf("%s: %d orders, %d outcomes %v", name, s.Orders, ended, s.Outcomes)
		}
	}
	if restocked.Outcomes[BackorderDelivered] == 0 || never.Outcomes[BackorderDelivered] != 0 {
		t.Errorf("backorders delivered: %d with a restock, %d without", restocked.Outcomes[BackorderDelivered], never.Outcomes[BackorderDelivered])
	}
	if !(never.Outcomes[Refunded] > restocked.Outcomes[Refunded]) {
		t.Errorf("refunds: %d without a restock, %d with one", never.Outcomes[Refunded], restocked.Outcomes[Refunded])
	}
}

// TestMemoryFollowsOpenCasesNotOrders triples a season's length (and its
// orders) at the same daily volume: the slots for cases and contacts, which
// are all the per-entity memory there is, must not triple with it. The
// contacts alive at once are a handful, whose most over a longer season
// grows a little as any maximum does: their slots are held against the
// contacts made instead.
func TestMemoryFollowsOpenCasesNotOrders(t *testing.T) {
	slots := func(days int) (cases, contacts int, orders, made int64) {
		m := smallSeason(t)
		sp := m.Season
		m.Horizon = float64(24 * days)
		sp.OrdersPerHour = make([]float64, 24*days)
		sp.DispatchCapacity = make([]int, days)
		sp.CarrierDays = make([]bool, days)
		for h := range sp.OrdersPerHour {
			sp.OrdersPerHour[h] = 1500.0 / 24
		}
		for d := range days {
			sp.DispatchCapacity[d], sp.CarrierDays[d] = 2500, true
		}
		s := newSimulation(m, 1, 0)
		if err := s.loop(context.Background()); err != nil {
			t.Fatal(err)
		}
		for _, ch := range s.res.Channels {
			made += ch.Offered
		}
		return len(s.season.cases), len(s.contacts), s.res.Season.Orders, made
	}
	c30, k30, o30, _ := slots(30)
	c90, k90, o90, made90 := slots(90)
	msg := fmt.Sprintf("30 days: %d orders, %d case and %d contact slots; 90 days: %d orders, %d case and %d contact slots for %d contacts", o30, c30, k30, o90, c90, k90, made90)
	if o90 < 2*o30 || c90 > c30*3/2 || int64(k90) > made90/50 {
		t.Fatal(msg)
	}
	t.Log(msg)
}

// TestAgentsAreReleasedWhenCasesEndMidTask makes late parcels and
// backorders resolvable by a slow claims team, so that parcels often arrive
// while an agent is working on their case, and checks that every busy
// agent at the end is accounted for by a contact in service or a task whose
// end is still scheduled.
func TestAgentsAreReleasedWhenCasesEndMidTask(t *testing.T) {
	m := withStock(t, []Restock{{Day: 12, Units: 20000}})
	late := &m.Season.Exceptions[1]
	late.ResolveTeam, late.ResolveTime, late.Refund = 2, mustDist(t)(NewExponential(30)), 1
	m.Season.Exceptions[len(m.Season.Exceptions)-1].ResolveTime = mustDist(t)(NewExponential(30))
	s := newSimulation(m, 1, 0)
	if err := s.loop(context.Background()); err != nil {
		t.Fatal(err)
	}
	busy := make([]int, len(s.teams))
	for i := range s.contacts {
		if c := &s.contacts[i]; c.state == inService {
			busy[c.team] += s.need(int32(c.team), c.channel)
		}
	}
	s.cal.pending(func(e *Event) {
		if e.Kind == evTaskDone && s.season.cases[e.ID].taskSeq == e.Seq {
			ti := s.season.cases[e.ID].taskTeam
			busy[ti] += s.teams[ti].slots
		}
	})
	for ti := range s.teams {
		if s.teams[ti].busy != busy[ti] {
			t.Errorf("team %s: %d slots busy, %d accounted for", m.Teams[ti].Name, s.teams[ti].busy, busy[ti])
		}
	}
	if s.res.Season.Outcomes[DeliveredLate] == 0 || s.res.Season.Outcomes[BackorderDelivered] == 0 {
		t.Fatalf("the season did not exercise late deliveries and backorders: %v", s.res.Season.Outcomes)
	}
}

// TestDetectionDoesNotMoveTheResolutionClock gives every late parcel the
// same delay, and lets the company detect them all (or none) before the
// customer notices: either way a case resolves when the parcel arrives,
// exactly its delay after the promised date, the moment its customer was
// affected.
func TestDetectionDoesNotMoveTheResolutionClock(t *testing.T) {
	for _, detect := range []float64{0, 1} {
		m := smallSeason(t)
		sp := m.Season
		for i := range sp.Exceptions {
			sp.Exceptions[i].Probability = 0
		}
		late := &sp.Exceptions[1]
		late.Probability = 0.03
		late.Delay = mustDist(t)(NewDeterministic(48))
		late.Workflow = Workflow{
			{Name: "tell", Kind: StepNotify, Next: -1},
			{Name: "wait", Kind: StepWait, Time: mustDist(t)(NewDeterministic(60 * 24)), Next: -1},
			resolveBy(ResolveCredit),
		}
		late.DetectProb, late.DetectDelay = detect, mustDist(t)(NewDeterministic(1))
		s := runSeason(t, m, 0).Season
		// A case still open at the end counts its age then, less than 48
		// hours: every other case took 48 hours.
		res := &s.Resolution
		resolvedFrom := float64(s.OpenAtEnd+1) / float64(res.Count())
		if res.Count() != s.CasesResolved+s.OpenAtEnd || s.CasesResolved == 0 || res.Max() != 48 || math.Abs(res.Quantile(resolvedFrom)-48) > 48.0/256 {
			t.Errorf("detection %v: %d cases resolved, %d open at the end; resolution times from %v to %v hours, %v from the first resolved case; want 48",
				detect, s.CasesResolved, s.OpenAtEnd, res.Min(), res.Max(), res.Quantile(resolvedFrom))
		}
		if detect == 1 && s.Detected == 0 {
			t.Errorf("nothing detected")
		}
	}
}

// TestOccupancyIsAtMostOne gives the claims team working hours and long
// tasks, so that agents often finish a task after going off duty: that work
// is overtime, paid and costed, and the occupancy (work on duty over time on
// duty) never goes above 1, day by day or over the season.
func TestOccupancyIsAtMostOne(t *testing.T) {
	m := smallSeason(t)
	claims := &m.Teams[2]
	claims.OnDuty, claims.Paid = make([]int, m.hours()), make([]int, m.hours())
	for h := range claims.OnDuty {
		if hod := h % 24; hod >= 8 && hod < 18 {
			claims.OnDuty[h], claims.Paid[h] = 2, 2
		}
	}
	m.Season.Exceptions[0].ResolveTime = mustDist(t)(NewExponential(3))
	r := runSeason(t, m, 0)
	team := r.Teams[2]
	paid := 0
	for _, n := range claims.Paid {
		paid += n
	}
	if !(team.OvertimeHours > 0) || math.Abs(team.PaidHours-float64(paid)-team.OvertimeHours) > 1e-9 ||
		math.Abs(team.Cost-team.PaidHours*claims.CostPerHour) > 1e-6 {
		t.Errorf("overtime %v h, paid %v h for %d on the roster, cost %v", team.OvertimeHours, team.PaidHours, paid, team.Cost)
	}
	if occ := team.Occupancy(); !(occ > 0.5 && occ <= 1) {
		t.Errorf("season occupancy %v", occ)
	}
	for _, s := range r.Series() {
		if s.Name != "teams.claims.daily.occupancy" {
			continue
		}
		for d, v := range s.Values {
			if v > 1+1e-9 {
				t.Errorf("day %d: occupancy %v", d, v)
			}
		}
	}
}
