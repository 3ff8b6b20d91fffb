package stats

import (
	"io"
	"math"
	"slices"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/stampede-sim/stampede/sim"
)

// Histogram is a latency distribution from 1 µs to 2⁴² µs (about 51 days),
// recorded in whole microseconds (rounded), that costs memory in proportion
// to what it holds: a function that ran 300 times keeps 1.2 KB, not the
// ~200 KB of a preallocated HdrHistogram (issue 12).
//
// Up to rawLimit values below 2³² µs are kept as they are (2 KB), and
// every statistic is exact. Past that (or on a longer value) it turns into
// log-linear bins: values below 256 µs exactly, and each octave
// [2⁷⁺ᵉ, 2⁸⁺ᵉ) µs, e ≥ 1, in 128 bins of 2ᵉ µs, as 16-bit counts with a
// carry (256 bytes an octave), added an octave at a time as values reach
// it; a distribution spanning eight octaves holds about 2 KB however many
// values it gets, as much as its exact values did, so memory stays flat in
// run length. A bin spans at most 1/128 of
// its values and a quantile is reported at its bin's midpoint (within the
// values recorded), so its relative error is at most 1/256 ≈ 0.39%. The
// count, mean, minimum and maximum stay exact.
// Values outside the range are clamped into it and counted (Underflow,
// Overflow), so nothing is lost silently. The zero value is empty and ready.
type Histogram struct {
	// What every Record touches comes first, within 64 bytes: with
	// thousands of functions their histograms are mostly out of cache.
	raw    []uint32 // exact values while !dense
	n      int64
	sum    uint64 // Σ values, µs: exact, where a float64 would round past 2⁵³
	lo, hi uint64 // the smallest and largest value, µs
	sorted bool   // raw is sorted
	dense  bool   // values are in bins
	// Bins come in chunks of 128 (chunk c, see bin), stored one after
	// another in data as values reach them: chunk c is at data[128·(at[c]−1):],
	// at[c] = 0 while it has none. A bin holds its count modulo 2¹⁶ and
	// carries the rest into big, so a chunk is 256 bytes.
	at        [numChunks]uint8
	data      []uint16
	big       map[int]uint64 // bin c·128 + i: its count ÷ 2¹⁶
	underflow int64
	overflow  int64
}

const (
	histLowest  = 1
	histHighest = 1<<42 - 1 // µs
	rawLimit    = 512       // values kept exactly (2 KB)
	subBits     = 8         // values below 2^subBits µs are binned exactly
	chunk       = 1 << (subBits - 1)
	numChunks   = 2 + 42 - subBits
)

// NewHistogram returns an empty histogram.
func NewHistogram() *Histogram { return &Histogram{} }

// Record adds one duration.
func (h *Histogram) Record(d sim.Time) {
	// Rounded half up, unsigned, in one division by a constant: d is at
	// most 2⁶³ − 1, so adding half a µs cannot overflow. A negative d
	// rounds to 0, as it did signed, and underflows.
	us := (uint64(max(d, 0)) + uint64(sim.Microsecond/2)) / uint64(sim.Microsecond)
	switch {
	case us < histLowest:
		us = histLowest
		h.underflow++
	case us > histHighest:
		us = histHighest
		h.overflow++
	}
	h.add(us)
}

// add records v µs (in range).
func (h *Histogram) add(v uint64) {
	if h.n == 0 || v < h.lo {
		h.lo = v
	}
	h.hi = max(h.hi, v)
	h.n++
	h.sum += v
	if !h.dense {
		if v <= math.MaxUint32 && len(h.raw) < rawLimit {
			h.raw = append(h.raw, uint32(v))
			h.sorted = false
			return
		}
		h.densify() // not inlined: called only once a histogram
	}
	c, i := bin(v)
	// addBin's common case, without the call: the chunk is there and the
	// bin below its carry.
	if a := int(h.at[c]); a != 0 {
		if p := &h.data[(a-1)*chunk+i]; *p < math.MaxUint16 {
			*p++
			return
		}
	}
	h.addBin(c, i, 1)
}

// addBin adds n to bin (c, i), carrying past a uint16 into big (once per
// 65,536 values of a bin: rare, and the map holds at most one entry a bin).
func (h *Histogram) addBin(c, i int, n uint64) {
	if h.at[c] == 0 {
		// Grown to the exact size: a histogram holds a few chunks, and
		// append's doubling would leave a third of them as slack.
		d := make([]uint16, len(h.data)+chunk)
		copy(d, h.data)
		h.data = d
		h.at[c] = uint8(len(h.data) / chunk)
	}
	p := &h.data[(int(h.at[c])-1)*chunk+i]
	t := uint64(*p) + n
	if t > math.MaxUint16 {
		if h.big == nil {
			h.big = map[int]uint64{}
		}
		h.big[c*chunk+i] += t >> 16
		t &= math.MaxUint16
	}
	*p = uint16(t)
}

// Peek reads, without recording, what the next Record writes while the
// histogram keeps exact values (the slot its append fills), and returns it
// for the caller to sink: a caller that knows a record is coming reads
// ahead so that the miss overlaps other work (issue 12: with thousands of
// functions a histogram's values are out of cache).
func (h *Histogram) Peek() uint64 {
	if n := len(h.raw); n < cap(h.raw) {
		return uint64(h.raw[:n+1][n])
	}
	return h.sum
}

// Reserve makes room for n exact values (at most the rawLimit kept
// exactly), for a histogram expected to get about n: it then fills one
// allocation rather than growing by doubling. A hint only; it changes no
// statistic.
func (h *Histogram) Reserve(n int) {
	n = min(n, rawLimit)
	if h.dense || n <= cap(h.raw) {
		return
	}
	raw := make([]uint32, len(h.raw), n)
	copy(raw, h.raw)
	h.raw = raw
}

// Reserved is the room made for exact values so far.
func (h *Histogram) Reserved() int { return cap(h.raw) }

// binCount is bin (c, i)'s count.
func (h *Histogram) binCount(c, i int) uint64 {
	if h.at[c] == 0 {
		return 0
	}
	n := uint64(h.data[(int(h.at[c])-1)*chunk+i])
	if h.big != nil {
		n += h.big[c*chunk+i] << 16
	}
	return n
}

// densify moves the raw values into bins.
func (h *Histogram) densify() {
	if h.dense {
		return
	}
	h.dense = true
	for _, v := range h.raw {
		c, i := bin(uint64(v))
		h.addBin(c, i, 1)
	}
	h.raw = nil
}

// bin locates v (µs): chunks 0 and 1 hold 0–255 µs exactly; chunk c ≥ 2
// holds the octave [2⁷⁺ᵉ, 2⁸⁺ᵉ) µs, e = c − 1, in bins of 2ᵉ µs.
func bin(v uint64) (c, i int) { return loglinear(v, subBits) }

// mid is the value reported for bin (c, i): its midpoint, in µs.
func mid(c, i int) float64 { return loglinearMid(c, i, subBits) }

// Count is the number of recorded values.
func (h *Histogram) Count() int64 { return h.n }

// Overflow counts values above the range, recorded as its top (2⁴² µs).
func (h *Histogram) Overflow() int64 { return h.overflow }

// Underflow counts values that round to less than 1 µs (zero and negative
// ones included), recorded as 1 µs.
func (h *Histogram) Underflow() int64 { return h.underflow }

// Quantile returns the nearest-rank q-quantile for q in [0, 1] (clamped;
// NaN counts as 0): the ⌈q·n⌉-th smallest value (the first for q = 0);
// 0 when empty.
func (h *Histogram) Quantile(q float64) sim.Time { return h.Quantiles(q)[0] }

// Quantiles returns the q-quantiles for each q, as Quantile does, in one
// walk of the bins.
func (h *Histogram) Quantiles(qs ...float64) []sim.Time {
	out := make([]sim.Time, len(qs))
	if h.n == 0 {
		return out
	}
	ranks := make([]int64, len(qs))
	for k, q := range qs {
		if !(q > 0) {
			q = 0
		}
		ranks[k] = max(1, min(h.n, int64(math.Ceil(math.Min(q, 1)*float64(h.n)))))
	}
	if !h.dense {
		h.sortRaw()
		for k, r := range ranks {
			out[k] = sim.Time(h.raw[r-1]) * sim.Microsecond
		}
		return out
	}
	order := make([]int, len(qs))
	for k := range order {
		order[k] = k
	}
	slices.SortFunc(order, func(a, b int) int { return int(ranks[a] - ranks[b]) })
	var seen int64
	next := 0
	h.eachBin(func(c, i int, n uint64) {
		seen += int64(n)
		for next < len(order) && ranks[order[next]] <= seen {
			v := math.Min(math.Max(mid(c, i), float64(h.lo)), float64(h.hi))
			out[order[next]] = sim.Time(math.Round(v * float64(sim.Microsecond)))
			next++
		}
	})
	return out
}

// sortRaw sorts the exact values, once.
func (h *Histogram) sortRaw() {
	if !h.sorted {
		slices.Sort(h.raw)
		h.sorted = true
	}
}

// eachBin calls fn with every non-empty bin (c, i) and its count, in
// increasing order of value.
func (h *Histogram) eachBin(fn func(c, i int, n uint64)) {
	for c := range numChunks {
		if h.at[c] == 0 {
			continue
		}
		for i := range chunk {
			if n := h.binCount(c, i); n > 0 {
				fn(c, i, n)
			}
		}
	}
}

// Mean is the mean of the recorded values (rounded to 1 µs each); 0 when
// empty.
func (h *Histogram) Mean() sim.Time {
	if h.n == 0 {
		return 0
	}
	return sim.Time(math.Round(float64(h.sum) / float64(h.n) * float64(sim.Microsecond)))
}

// Max is the largest recorded value; 0 when empty.
func (h *Histogram) Max() sim.Time { return sim.Time(h.hi) * sim.Microsecond }

// Min is the smallest recorded value; 0 when empty.
func (h *Histogram) Min() sim.Time {
	if h.n == 0 {
		return 0
	}
	return sim.Time(h.lo) * sim.Microsecond
}

// Merge adds other's values to h. Both share one range, so nothing drops.
func (h *Histogram) Merge(other *Histogram) {
	if other.n == 0 {
		return
	}
	if !other.dense {
		if !h.dense {
			// One allocation of the exact size, not append's doublings:
			// merges at the end of a run with thousands of functions
			// are its peak of memory (issue 12).
			h.Reserve(len(h.raw) + len(other.raw))
		}
		for _, v := range other.raw {
			h.add(uint64(v))
		}
	} else {
		h.densify()
		other.eachBin(h.addBin)
		if h.n == 0 || other.lo < h.lo {
			h.lo = other.lo
		}
		h.hi = max(h.hi, other.hi)
		h.n += other.n
		h.sum += other.sum
	}
	h.underflow += other.underflow
	h.overflow += other.overflow
}

// WriteHgrm writes HdrHistogram's percentile-distribution text format (5
// ticks per half distance), with values in milliseconds. The values are
// those recorded, or their bins' midpoints once binned.
func (h *Histogram) WriteHgrm(w io.Writer) error {
	hd := hdrhistogram.New(histLowest, histHighest, 3)
	h.each(func(v uint64, c int64) { _ = hd.RecordValues(int64(v), c) })
	_, err := hd.PercentilesPrint(w, 5, 1000.0)
	return err
}

// each calls fn with every distinct value (µs, a bin's midpoint once binned)
// and its count, in increasing order.
func (h *Histogram) each(fn func(v uint64, c int64)) {
	if !h.dense {
		h.sortRaw()
		for _, v := range h.raw {
			fn(uint64(v), 1)
		}
		return
	}
	h.eachBin(func(c, i int, n uint64) { fn(uint64(math.Round(mid(c, i))), int64(n)) })
}

// Bytes is the memory the histogram holds, for estimates and tests.
func (h *Histogram) Bytes() int {
	return 4*cap(h.raw) + 2*cap(h.data) + 24*len(h.big)
}
