package stampede

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/stampede-sim/stampede/models"
)

// SweepResult is what a sweep measured: one record per point run, in the
// grid's order. A shard's result holds its points only; a merge of every
// shard is the whole sweep's result, byte for byte in its files.
type SweepResult struct {
	Identity SweepIdentity
	Grid     *Grid
	Shard    Shard // the zero Shard for a whole sweep (and a merge)
	Points   []PointResult
	// Pick is the index in Points of the picked point; -1 when the sweep
	// picks none (no Pick rule, or no point ok).
	Pick int
	// Partial: the sweep was stopped; points not run are missing and the
	// points under way were stopped early (their summaries say partial).
	Partial bool

	bestTOML []byte
}

// PointResult is one point's outcome.
type PointResult struct {
	Point
	// OK: the run finished and every assertion held (with replications,
	// on the means).
	OK      bool
	Partial bool
	Checks  []PointCheck
	// Summary is the point's summary.json, exactly as `stampede run` with
	// the point's scenario writes it.
	Summary json.RawMessage

	values map[string]metricValue
}

// PointCheck is one assertion evaluated on a point.
type PointCheck struct {
	Assert string  `json:"assert"`
	Path   string  `json:"path"`   // the metric, by its dotted path
	Actual float64 `json:"actual"` // with replications, the mean
	OK     bool    `json:"ok"`
}

// metricValue is one number of a summary: its key and its JSON text.
type metricValue struct {
	key  models.Key
	text string
	v    float64
}

// Value is the number at dotted path in the point's summary.json (with
// replications, the mean): "cost.monthly_usd", "functions.api.peak_concurrency".
func (p *PointResult) Value(path string) (float64, bool) {
	v, ok := p.metrics()[path]
	return v.v, ok
}

func (p *PointResult) metrics() map[string]metricValue {
	if p.values == nil {
		p.index()
	}
	return p.values
}

// index reads the summary's numbers once, when the record is made, so that
// reading a result from several goroutines is safe.
func (p *PointResult) index() {
	p.values = map[string]metricValue{}
	for _, v := range summaryMetrics(p.Summary) {
		p.values[v.key.Path()] = v
	}
}

// summaryMetrics reads every metric of the registry from a summary.json,
// in registry order and, within a metric, by name.
func summaryMetrics(raw []byte) []metricValue {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var doc map[string]any
	if d.Decode(&doc) != nil {
		return nil
	}
	var out []metricValue
	add := func(k models.Key, x any) {
		if n, ok := x.(json.Number); ok {
			v, err := n.Float64()
			if err == nil {
				out = append(out, metricValue{key: k, text: n.String(), v: v})
			}
		}
	}
	for _, m := range models.Metrics() {
		pre, post, wild := strings.Cut(m.Path, "*")
		if !wild {
			add(models.Key{Metric: m}, jsonAt(doc, m.Path))
			continue
		}
		parent, _ := jsonAt(doc, strings.TrimSuffix(pre, ".")).(map[string]any)
		names := make([]string, 0, len(parent))
		for n := range parent {
			names = append(names, n)
		}
		slices.Sort(names)
		for _, n := range names {
			add(models.Key{Metric: m, Name: n}, jsonAt(parent[n], strings.TrimPrefix(post, ".")))
		}
	}
	return out
}

// jsonAt follows a dotted path of object members.
func jsonAt(x any, path string) any {
	if path == "" {
		return x
	}
	for _, k := range strings.Split(path, ".") {
		obj, ok := x.(map[string]any)
		if !ok {
			return nil
		}
		x = obj[k]
	}
	return x
}

// choose sets Pick by the sweep's rule.
func (r *SweepResult) choose() {
	r.Pick = -1
	if r.Identity.Pick != PickCheapest {
		return
	}
	best := 0.0
	for i := range r.Points {
		p := &r.Points[i]
		if !p.OK {
			continue
		}
		c, ok := p.Value("cost.monthly_usd")
		if ok && (r.Pick < 0 || c < best) {
			r.Pick, best = i, c
		}
	}
}

// Picked is the picked point, or nil.
func (r *SweepResult) Picked() *PointResult {
	if r.Pick < 0 {
		return nil
	}
	return &r.Points[r.Pick]
}

// BestTOML is best.toml: the picked point's scenario resolved (every
// default filled in), runnable with `stampede run best.toml`; nil without
// a pick.
func (r *SweepResult) BestTOML() []byte { return r.bestTOML }

// OKPoints counts the ok points.
func (r *SweepResult) OKPoints() int {
	n := 0
	for _, p := range r.Points {
		if p.OK {
			n++
		}
	}
	return n
}

// The files. sweep.json and sweep.csv derive from the points' records
// alone (their summary.json text, values and checks), so that a merge of
// shards writes them byte for byte as the whole sweep does.

type sweepJSON struct {
	Sweep    SweepIdentity `json:"sweep"`
	Grid     []Vary        `json:"grid"`
	Partial  bool          `json:"partial"`
	OKPoints int           `json:"ok_points"`
	Picked   *pickedJSON   `json:"picked"`
	Points   []pointJSON   `json:"points"`
}

type pickedJSON struct {
	Point      int          `json:"point"`
	Values     valuesObject `json:"values"`
	MonthlyUSD float64      `json:"cost_monthly_usd"`
}

type pointJSON struct {
	Point   int             `json:"point"`
	Values  valuesObject    `json:"values"`
	OK      bool            `json:"ok"`
	Checks  []PointCheck    `json:"checks"`
	Summary json.RawMessage `json:"summary"`
}

// valuesObject is a point's values as a JSON object in the grid's order.
type valuesObject struct {
	keys, values []string
}

func (v valuesObject) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range v.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		vb, _ := json.Marshal(v.values[i])
		b.Write(kb)
		b.WriteByte(':')
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func (v *valuesObject) UnmarshalJSON(data []byte) error {
	d := json.NewDecoder(bytes.NewReader(data))
	if t, err := d.Token(); err != nil || t != json.Delim('{') {
		return fmt.Errorf("values: want an object")
	}
	for d.More() {
		k, err := d.Token()
		if err != nil {
			return err
		}
		var s string
		if err := d.Decode(&s); err != nil {
			return fmt.Errorf("values: %v", err)
		}
		v.keys = append(v.keys, k.(string))
		v.values = append(v.values, s)
	}
	_, err := d.Token()
	return err
}

// JSON is sweep.json: the sweep's identity, the grid, and per point its
// values, ok, the assertions checked and its summary.json; with a pick,
// the picked point.
func (r *SweepResult) JSON() ([]byte, error) {
	f := sweepJSON{Sweep: r.Identity, Grid: r.Grid.Vary, Partial: r.Partial, OKPoints: r.OKPoints(), Points: []pointJSON{}}
	for _, p := range r.Points {
		f.Points = append(f.Points, pointJSON{Point: p.Index, Values: valuesObject{p.Keys, p.Values}, OK: p.OK,
			Checks: append([]PointCheck{}, p.Checks...), Summary: p.Summary})
	}
	if p := r.Picked(); p != nil {
		c, _ := p.Value("cost.monthly_usd")
		f.Picked = &pickedJSON{Point: p.Index, Values: valuesObject{p.Keys, p.Values}, MonthlyUSD: c}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// parseSweepJSON reads sweep.json back.
func parseSweepJSON(data []byte) (*SweepResult, error) {
	var f sweepJSON
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, err
	}
	if len(f.Grid) == 0 {
		return nil, fmt.Errorf("no grid")
	}
	g := &Grid{Vary: f.Grid}
	r := &SweepResult{Identity: f.Sweep, Grid: g, Partial: f.Partial}
	for _, pj := range f.Points {
		if pj.Point < 0 || pj.Point >= g.Len() {
			return nil, fmt.Errorf("point %d is not in the grid of %d points", pj.Point, g.Len())
		}
		pt := g.Point(pj.Point)
		if !slices.Equal(pj.Values.keys, pt.Keys) || !slices.Equal(pj.Values.values, pt.Values) {
			return nil, fmt.Errorf("point %d has values %v, not the grid's %v", pj.Point, pj.Values.values, pt.Values)
		}
		var s struct {
			Partial bool `json:"partial"`
		}
		if err := json.Unmarshal(pj.Summary, &s); err != nil {
			return nil, fmt.Errorf("point %d: summary: %v", pj.Point, err)
		}
		pr := PointResult{Point: pt, OK: pj.OK, Partial: s.Partial, Checks: pj.Checks, Summary: pj.Summary}
		pr.index()
		r.Points = append(r.Points, pr)
	}
	return r, nil
}

// Columns are sweep.csv's metric columns: every number of summary.json by
// its dotted path, in the metric registry's order (by name within a
// metric), for every instance that any point has. A point without one
// (a database behind RDS Proxy in some points only) leaves it empty.
func (r *SweepResult) Columns() []string {
	type col struct {
		order int
		name  string
	}
	index := map[*models.Metric]int{}
	for i, m := range models.Metrics() {
		index[m] = i
	}
	seen := map[string]col{}
	for i := range r.Points {
		for path, v := range r.Points[i].metrics() {
			seen[path] = col{index[v.key.Metric], v.key.Name}
		}
	}
	out := make([]string, 0, len(seen))
	for p := range seen {
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b string) int {
		ca, cb := seen[a], seen[b]
		if ca.order != cb.order {
			return ca.order - cb.order
		}
		return strings.Compare(ca.name, cb.name)
	})
	return out
}

// CSV is sweep.csv: one row per point, `point`, each varied key, `ok`,
// then Columns(); with replications, the means. Numbers are written as in
// summary.json.
func (r *SweepResult) CSV() []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	cols := r.Columns()
	header := append(append([]string{"point"}, r.Grid.Keys()...), "ok")
	w.Write(append(header, cols...))
	for i := range r.Points {
		p := &r.Points[i]
		row := append(append([]string{strconv.Itoa(p.Index)}, p.Values...), strconv.FormatBool(p.OK))
		ms := p.metrics()
		for _, c := range cols {
			row = append(row, ms[c].text)
		}
		w.Write(row)
	}
	w.Flush()
	return b.Bytes()
}

// ShardJSON is shard.json: the sweep's identity, which shard, and its points.
type ShardJSON struct {
	Sweep   string `json:"sweep"` // SweepIdentity.ID
	Version string `json:"version"`
	Shard   int    `json:"shard"`
	Shards  int    `json:"shards"`
	Points  []int  `json:"points"` // the points the shard holds
	Partial bool   `json:"partial"`
}

func (r *SweepResult) shardJSON() ([]byte, error) {
	s := ShardJSON{Sweep: r.Identity.ID, Version: r.Identity.Version, Shard: r.Shard.Index, Shards: r.Shard.Count,
		Points: []int{}, Partial: r.Partial}
	for _, p := range r.Points {
		s.Points = append(s.Points, p.Index)
	}
	b, err := json.MarshalIndent(s, "", "  ")
	return append(b, '\n'), err
}
