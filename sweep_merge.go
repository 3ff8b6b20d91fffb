package stampede

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// MergeError is why shards cannot be merged: every problem found, one per
// line, each naming the directory or the shard index at fault.
type MergeError struct {
	Problems []string
}

func (e *MergeError) Error() string {
	return "cannot merge:\n  " + strings.Join(e.Problems, "\n  ")
}

// shardDir is one directory given to MergeSweep, read.
type shardDir struct {
	dir   string
	info  ShardJSON
	res   *SweepResult
	group string // identity and shard count
}

// MergeSweep merges the shards written by `stampede sweep --shard I/N
// --out DIR` into the whole sweep's result: the same points, records and
// pick as the sweep run unsharded, so that its files are byte for byte
// that sweep's. It checks that every directory is a finished shard of one
// sweep (the same identity and N), that no shard is missing or repeated,
// and that each holds exactly its points; a *MergeError names every
// problem.
func MergeSweep(dirs []string) (*SweepResult, error) {
	if len(dirs) == 0 {
		return nil, &MergeError{Problems: []string{"no shard directories given"}}
	}
	var problems []string
	var shards []*shardDir
	for _, dir := range dirs {
		s, err := readShard(dir)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		shards = append(shards, s)
	}
	if len(shards) == 0 {
		return nil, &MergeError{Problems: problems}
	}

	// The sweep is the identity and N most directories share (on a tie,
	// the first directory's); any other directory is foreign.
	count := map[string]int{}
	for _, s := range shards {
		count[s.group]++
	}
	ref := shards[0]
	for _, s := range shards {
		if count[s.group] > count[ref.group] {
			ref = s
		}
	}
	var mine []*shardDir
	for _, s := range shards {
		if s.group == ref.group {
			mine = append(mine, s)
			continue
		}
		problems = append(problems, fmt.Sprintf("%s: not a shard of this sweep (%d directories hold shards of sweep %s, %d shards, from %s): %s",
			s.dir, count[ref.group], ref.info.Sweep, ref.info.Shards, ref.res.Identity.Scenario, foreignHow(ref, s)))
	}
	n := ref.info.Shards
	byIndex := map[int][]string{}
	for _, s := range mine {
		byIndex[s.info.Shard] = append(byIndex[s.info.Shard], s.dir)
	}
	var missing []string
	for i := range n {
		switch dirs := byIndex[i]; {
		case len(dirs) == 0:
			missing = append(missing, fmt.Sprint(i))
		case len(dirs) > 1:
			problems = append(problems, fmt.Sprintf("shard %d of %d is repeated: %s", i, n, strings.Join(dirs, ", ")))
		}
	}
	if len(missing) == 1 {
		problems = append(problems, fmt.Sprintf("shard %s of %d is missing: run it (--shard %s/%d) and merge its directory too", missing[0], n, missing[0], n))
	} else if len(missing) > 1 {
		problems = append(problems, fmt.Sprintf("shards %s of %d are missing: run them and merge their directories too", strings.Join(missing, ", "), n))
	}
	if len(problems) > 0 {
		return nil, &MergeError{Problems: problems}
	}

	out := &SweepResult{Identity: ref.res.Identity, Grid: ref.res.Grid}
	from := map[int]*shardDir{}
	for _, s := range mine {
		out.Points = append(out.Points, s.res.Points...)
		for _, p := range s.res.Points {
			from[p.Index] = s
		}
	}
	slices.SortFunc(out.Points, func(a, b PointResult) int { return a.Index - b.Index })
	for i, p := range out.Points {
		if p.Index != i {
			return nil, &MergeError{Problems: []string{fmt.Sprintf("point %d is in no shard", i)}}
		}
	}
	if len(out.Points) != out.Grid.Len() {
		return nil, &MergeError{Problems: []string{fmt.Sprintf("the shards hold %d points; the grid has %d", len(out.Points), out.Grid.Len())}}
	}
	out.choose()
	if p := out.Picked(); p != nil {
		dir := from[p.Index].dir
		b, err := os.ReadFile(filepath.Join(dir, SweepBestFile))
		if err != nil {
			return nil, &MergeError{Problems: []string{fmt.Sprintf("%s: holds the pick, %s, but no %s: %v", dir, p, SweepBestFile, sweepUnwrapPath(err))}}
		}
		out.bestTOML = b
	}
	return out, nil
}

func sweepUnwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// readShard reads one shard directory and checks it on its own: shard.json
// and sweep.json agree, the identity is the hash of what sweep.json says,
// and the shard holds exactly its points and finished.
func readShard(dir string) (*shardDir, error) {
	bad := func(format string, a ...any) error { return fmt.Errorf("%s: %s", dir, fmt.Sprintf(format, a...)) }
	raw, err := os.ReadFile(filepath.Join(dir, SweepShardFile))
	if err != nil {
		if _, e := os.Stat(filepath.Join(dir, SweepJSONFile)); e == nil {
			return nil, bad("an unsharded sweep (no %s): nothing to merge; its files are already the whole sweep's", SweepShardFile)
		}
		if _, e := os.Stat(dir); e != nil {
			return nil, bad("%v", sweepUnwrapPath(e))
		}
		return nil, bad("not a sweep shard: no %s (write shards with stampede sweep --shard I/N --out DIR)", SweepShardFile)
	}
	s := &shardDir{dir: dir}
	if err := json.Unmarshal(raw, &s.info); err != nil {
		return nil, bad("%s is not a shard's: %v", SweepShardFile, err)
	}
	if s.info.Shards < 1 || s.info.Shard < 0 || s.info.Shard >= s.info.Shards {
		return nil, bad("%s says shard %d of %d: not a shard index", SweepShardFile, s.info.Shard, s.info.Shards)
	}
	data, err := os.ReadFile(filepath.Join(dir, SweepJSONFile))
	if err != nil {
		return nil, bad("has %s but no readable %s: %v", SweepShardFile, SweepJSONFile, sweepUnwrapPath(err))
	}
	s.res, err = parseSweepJSON(data)
	if err != nil {
		return nil, bad("%s is not a sweep's: %v", SweepJSONFile, err)
	}
	id := s.res.Identity
	switch {
	case id.ID != s.info.Sweep:
		return nil, bad("%s is of sweep %s but %s of sweep %s: files of two sweeps in one directory", SweepShardFile, s.info.Sweep, SweepJSONFile, id.ID)
	case identityHash(id, s.res.Grid) != id.ID:
		return nil, bad("%s does not match its own identity %s: edited or damaged", SweepJSONFile, id.ID)
	case id.Points != s.res.Grid.Len():
		return nil, bad("%s says %d points but its grid has %d", SweepJSONFile, id.Points, s.res.Grid.Len())
	case s.info.Partial || s.res.Partial:
		return nil, bad("shard %d of %d was stopped before it finished (partial): run it again (--shard %d/%d)",
			s.info.Shard, s.info.Shards, s.info.Shard, s.info.Shards)
	}
	var want, have []int
	for p := s.info.Shard; p < id.Points; p += s.info.Shards {
		want = append(want, p)
	}
	for _, p := range s.res.Points {
		have = append(have, p.Index)
	}
	if !slices.Equal(have, want) || !slices.Equal(s.info.Points, want) {
		return nil, bad("shard %d of %d should hold points %s; %s holds %s and %s lists %s", s.info.Shard, s.info.Shards,
			pointList(want), SweepJSONFile, pointList(have), SweepShardFile, pointList(s.info.Points))
	}
	s.res.Shard = Shard{Index: s.info.Shard, Count: s.info.Shards}
	s.group = fmt.Sprintf("%s/%d", id.ID, s.info.Shards)
	return s, nil
}

func pointList(xs []int) string {
	if len(xs) == 0 {
		return "none"
	}
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = fmt.Sprint(x)
	}
	return strings.Join(parts, ", ")
}

// foreignHow says how shard s differs from the sweep ref.
func foreignHow(ref, s *shardDir) string {
	a, b := ref.res.Identity, s.res.Identity
	if a.ID == b.ID {
		return fmt.Sprintf("it is shard %d of %d, the others are shards of %d", s.info.Shard, s.info.Shards, ref.info.Shards)
	}
	var diffs []string
	differ := func(what string, theirs, ours []string) {
		q := func(xs []string) string {
			if len(xs) == 0 {
				return "none"
			}
			out := make([]string, len(xs))
			for i, x := range xs {
				out[i] = strconv.Quote(x)
			}
			return strings.Join(out, " ")
		}
		if !slices.Equal(theirs, ours) {
			diffs = append(diffs, fmt.Sprintf("its %s is %s, the others' %s", what, q(theirs), q(ours)))
		}
	}
	differ("stampede version", []string{b.Version}, []string{a.Version})
	differ("scenario", []string{b.Scenario}, []string{a.Scenario})
	if a.Scenario == b.Scenario && a.ScenarioTOML != b.ScenarioTOML {
		diffs = append(diffs, "its base scenario differs: "+firstLineDiff(a.ScenarioTOML, b.ScenarioTOML))
	}
	differ("--set", b.Overrides, a.Overrides)
	varies := func(g *Grid) []string {
		var out []string
		for _, v := range g.Vary {
			out = append(out, v.Key+"="+v.Spec)
		}
		return out
	}
	differ("--vary", varies(s.res.Grid), varies(ref.res.Grid))
	differ("--assert", b.Assert, a.Assert)
	differ("--assert-on", []string{b.AssertOn}, []string{a.AssertOn})
	pick := func(p string) []string {
		if p == "" {
			return nil
		}
		return []string{p}
	}
	differ("--pick", pick(b.Pick), pick(a.Pick))
	if len(diffs) == 0 {
		diffs = append(diffs, "its identity differs")
	}
	return fmt.Sprintf("sweep %s: %s", b.ID, strings.Join(diffs, "; "))
}

// firstLineDiff names the first line where two scenario texts differ.
func firstLineDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range max(len(la), len(lb)) {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			return fmt.Sprintf("line %d is %q where the others have %q", i+1, strings.TrimSpace(y), strings.TrimSpace(x))
		}
	}
	return "(same text)"
}
