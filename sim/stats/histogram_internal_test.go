package stats

import (
	"math"
	"testing"
)

func TestBucketsTileTheCoveredRange(t *testing.T) {
	lo := func(i int) float64 { return math.Float64frombits((uint64(i) + minKey) << keyShift) }
	if got := lo(0); got != 0x1p-24 {
		t.Fatalf("lower edge of bucket 0 = %v, want 2^-24", got)
	}
	if got := lo(numBuckets); got != 0x1p24 {
		t.Fatalf("upper edge of the last bucket = %v, want 2^24", got)
	}
	for i := range numBuckets {
		edge, next := lo(i), lo(i+1)
		if got := bucketIndex(edge); got != i {
			t.Errorf("bucketIndex(lower edge %v of bucket %d) = %d", edge, i, got)
		}
		if got := bucketIndex(math.Nextafter(next, 0)); got != i {
			t.Errorf("bucketIndex(just below upper edge %v of bucket %d) = %d", next, i, got)
		}
		if mid := bucketMid(i); mid != edge+(next-edge)/2 {
			t.Errorf("bucketMid(%d) = %v, want %v", i, mid, edge+(next-edge)/2)
		}
		if w := next - edge; w > edge/128 {
			t.Errorf("bucket %d is [%v, %v): width exceeds 1/128 of the lower edge", i, edge, next)
		}
	}
}
