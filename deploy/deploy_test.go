// Package deploy holds no Go code: only this test, which checks that the batch
// engine files under deploy/ (Kubernetes manifests, AWS Batch JSON, the Slurm
// job script, the Dockerfile) agree on the fields a sharded sweep relies on:
// the N of `--shard auto/N` equals the number of tasks each engine starts,
// each task writes its shard to a shared place under its own index, and the
// merge reads the same place.
//
// The Kubernetes manifests are YAML. Rather than add a YAML module to the
// project for one test, the test reads them with yamlSubset (below): block
// mappings and sequences, plain and quoted scalars, comments — the style the
// manifests are written in. Anything else (anchors, block scalars, flow
// mappings, tabs) is an error naming the line, so a manifest that outgrows the
// subset fails loudly instead of being half-read.
package deploy

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestShardingFields(t *testing.T) {
	pvc := loadYAML(t, "kubernetes/pvc.yaml")
	sweep := loadYAML(t, "kubernetes/sweep-job.yaml")
	merge := loadYAML(t, "kubernetes/merge-job.yaml")
	batchDef := loadJSON(t, "aws-batch/job-definition.json")
	batchSweep := loadJSON(t, "aws-batch/submit-sweep.json")
	batchMerge := loadJSON(t, "aws-batch/submit-merge.json")
	sbatch := readFile(t, "slurm/sweep.sbatch")
	dockerfile := readFile(t, "Dockerfile")
	goMod := readFile(t, "../go.mod")

	// The Kubernetes sweep: its container, its N and where the claim is mounted.
	claim := str(pvc, "metadata", "name")
	sweepPod := get(sweep, "spec", "template", "spec")
	sweepC := get(sweepPod, "containers", 0)
	sweepArgs := strs(get(sweepC, "args"))
	k8sN, k8sNErr := shardN(sweepArgs)
	sweepMount := mountOf(sweepPod, sweepC, claim)
	mergePod := get(merge, "spec", "template", "spec")
	mergeC := get(mergePod, "containers", 0)
	mergeArgs := strs(get(mergeC, "args"))
	mergeMount := mountOf(mergePod, mergeC, claim)
	results := loadYAML(t, "kubernetes/results-pod.yaml")
	resultsMount := mountOf(get(results, "spec"), get(results, "spec", "containers", 0), claim)

	// AWS Batch: the command the array's children run (a submission may
	// override the job definition's).
	batchCmd := strs(get(batchDef, "containerProperties", "command"))
	if c := get(batchSweep, "containerOverrides", "command"); c != nil {
		batchCmd = strs(c)
	}
	batchN, batchNErr := shardN(batchCmd)
	resultsDir := ""
	for _, e := range list(get(batchDef, "containerProperties", "environment")) {
		if str(e, "name") == "RESULTS_DIR" {
			resultsDir = str(e, "value")
		}
	}

	tests := []struct {
		name  string
		check func() error
	}{
		// Kubernetes runs each index 0..completions-1 exactly once and sets
		// JOB_COMPLETION_INDEX only in Indexed mode.
		{"kubernetes sweep: completionMode is Indexed", func() error {
			return want(str(sweep, "spec", "completionMode"), "Indexed")
		}},
		// N is the shard count every other check compares with.
		{"kubernetes sweep: args hold --shard auto/N", func() error { return k8sNErr }},
		// One pod per shard: fewer completions would leave shards unrun, more
		// would run an index for which stampede finds I >= N.
		{"kubernetes sweep: completions equals N", func() error {
			return want(integer(sweep, "spec", "completions"), k8sN)
		}},
		// parallelism beyond completions is meaningless, and 0 runs nothing.
		{"kubernetes sweep: 1 <= parallelism <= completions", func() error {
			p, c := integer(sweep, "spec", "parallelism"), integer(sweep, "spec", "completions")
			if p < 1 || p > c {
				return fmt.Errorf("parallelism %d, completions %d", p, c)
			}
			return nil
		}},
		// A Job's pods must not restart in place forever; Never or OnFailure.
		{"kubernetes sweep: restartPolicy is Never or OnFailure", func() error {
			return oneOf(str(sweepPod, "restartPolicy"), "Never", "OnFailure")
		}},
		// Each pod writes its own directory on the shared volume, named by its
		// index, so the shards neither collide nor get lost with the pod.
		{"kubernetes sweep: --out is MOUNT/shards/$(JOB_COMPLETION_INDEX)", func() error {
			if sweepMount == "" {
				return fmt.Errorf("no volumeMount of claim %q", claim)
			}
			return want(flagValue(sweepArgs, "--out"), sweepMount+"/shards/$(JOB_COMPLETION_INDEX)")
		}},
		// Kubernetes expands $(VAR) in args only from the container's env, so
		// the index is declared there, from the pod's completion-index annotation.
		{"kubernetes sweep: env declares JOB_COMPLETION_INDEX", func() error {
			for _, e := range list(get(sweepC, "env")) {
				if str(e, "name") == "JOB_COMPLETION_INDEX" {
					return want(str(e, "valueFrom", "fieldRef", "fieldPath"),
						"metadata.annotations['batch.kubernetes.io/job-completion-index']")
				}
			}
			return fmt.Errorf("no env JOB_COMPLETION_INDEX")
		}},
		// Kubernetes rejects a number or boolean among args: every one must be
		// a string in YAML (quote "5", "true").
		{"kubernetes: every arg is a YAML string", func() error {
			for _, c := range []any{sweepC, mergeC} {
				for _, a := range list(get(c, "args")) {
					if s, ok := a.(scalar); !ok || !s.isString() {
						return fmt.Errorf("arg %v is not a string: quote it", a)
					}
				}
			}
			return nil
		}},
		// The scheduler needs requests to pack pods; a sweep pod is CPU-bound.
		{"kubernetes sweep: requests cpu and memory", func() error {
			for _, r := range []string{"cpu", "memory"} {
				if str(sweepC, "resources", "requests", r) == "" {
					return fmt.Errorf("no resources.requests.%s", r)
				}
			}
			return nil
		}},
		// The image runs as an unprivileged user (deploy/Dockerfile: 65532).
		{"kubernetes: pods run as non-root", func() error {
			for _, p := range []any{sweepPod, mergePod} {
				if str(p, "securityContext", "runAsNonRoot") != "true" {
					return fmt.Errorf("securityContext.runAsNonRoot is not true")
				}
			}
			return nil
		}},
		// Pods on different nodes write the same volume at once.
		{"kubernetes pvc: ReadWriteMany", func() error {
			if !slices.Contains(strs(get(pvc, "spec", "accessModes")), "ReadWriteMany") {
				return fmt.Errorf("accessModes %v", strs(get(pvc, "spec", "accessModes")))
			}
			return nil
		}},
		// The merge reads what the sweep wrote: the same claim, at the same path.
		{"kubernetes merge: mounts the sweep's claim at the same path", func() error {
			if mergeMount == "" {
				return fmt.Errorf("no volumeMount of claim %q", claim)
			}
			return want(mergeMount, sweepMount)
		}},
		// The image has no shell to expand shards/*, so the merge lists the
		// shards: exactly 0..N-1, none missing or repeated.
		{"kubernetes merge: args are merge MOUNT/shards/0 .. N-1 --out MOUNT/merged", func() error {
			w := []string{"merge"}
			for i := range k8sN {
				w = append(w, fmt.Sprintf("%s/shards/%d", sweepMount, i))
			}
			w = append(w, "--out", sweepMount+"/merged")
			return want(strings.Join(mergeArgs, " "), strings.Join(w, " "))
		}},
		// The pod for kubectl cp sees the results where the Jobs wrote them.
		{"kubernetes results pod: mounts the claim at the same path", func() error {
			return want(resultsMount, sweepMount)
		}},
		// The merge is one pod, not another indexed fan-out.
		{"kubernetes merge: a single completion, not Indexed", func() error {
			if m := str(merge, "spec", "completionMode"); m == "Indexed" {
				return fmt.Errorf("completionMode %s", m)
			}
			if c := get(merge, "spec", "completions"); c != nil {
				return want(integer(merge, "spec", "completions"), 1)
			}
			return nil
		}},
		// AWS Batch starts arrayProperties.size children, indices 0..size-1.
		{"aws batch: command holds --shard auto/N", func() error { return batchNErr }},
		{"aws batch: arrayProperties.size equals N", func() error {
			return want(integer(batchSweep, "arrayProperties", "size"), batchN)
		}},
		// AWS Batch's limits on an array job's size.
		{"aws batch: 2 <= size <= 10000", func() error {
			if n := integer(batchSweep, "arrayProperties", "size"); n < 2 || n > 10000 {
				return fmt.Errorf("size %d", n)
			}
			return nil
		}},
		// Batch expands no variables in a command, so the wrapper
		// (stampede-batch) adds --out with the index; a --out here would make
		// every child write the same directory.
		{"aws batch: the command gives no --out", func() error {
			if slices.ContainsFunc(batchCmd, func(a string) bool { return a == "--out" || strings.HasPrefix(a, "--out=") }) {
				return fmt.Errorf("command %v has --out", batchCmd)
			}
			return want(batchCmd[0], "sweep")
		}},
		// The shards land on the EFS volume that every child mounts at RESULTS_DIR.
		{"aws batch: RESULTS_DIR is an EFS mount point", func() error {
			for _, m := range list(get(batchDef, "containerProperties", "mountPoints")) {
				if str(m, "containerPath") != resultsDir {
					continue
				}
				for _, v := range list(get(batchDef, "containerProperties", "volumes")) {
					if str(v, "name") == str(m, "sourceVolume") && get(v, "efsVolumeConfiguration") != nil {
						return nil
					}
				}
			}
			return fmt.Errorf("RESULTS_DIR %q is not the containerPath of an EFS volume", resultsDir)
		}},
		// The merge waits for the whole array (a dependency on the array job's
		// ID) and runs once, through the wrapper's merge, on the same definition.
		{"aws batch: the merge depends on the sweep and runs merge once", func() error {
			if len(list(get(batchMerge, "dependsOn"))) == 0 {
				return fmt.Errorf("no dependsOn")
			}
			if get(batchMerge, "arrayProperties") != nil {
				return fmt.Errorf("the merge is an array job")
			}
			if err := want(str(batchMerge, "jobDefinition"), str(batchSweep, "jobDefinition")); err != nil {
				return err
			}
			return want(strings.Join(strs(get(batchMerge, "containerOverrides", "command")), " "), "merge")
		}},
		// Slurm: task I of the array runs shard I of SLURM_ARRAY_TASK_COUNT
		// into its own directory.
		// (SHARDS overrides N only to run some shards again.)
		{"slurm: sweep.sbatch runs --shard auto/$SLURM_ARRAY_TASK_COUNT into $OUT/shards/$SLURM_ARRAY_TASK_ID", func() error {
			for _, s := range []string{
				`--shard auto/${SHARDS:-$SLURM_ARRAY_TASK_COUNT}`,
				`--out "$OUT/shards/$SLURM_ARRAY_TASK_ID"`,
				`"$SCENARIO" $VARY`,
			} {
				if !strings.Contains(sbatch, s) {
					return fmt.Errorf("sweep.sbatch lacks %s", s)
				}
			}
			return nil
		}},
		// The documented submit and merge commands: an array numbered 0..N-1,
		// and a merge of every shard.
		{"slurm: sweep.sbatch shows the submit and merge commands", func() error {
			for _, s := range []string{
				`sbatch --array=0-$((N-1)) --wait deploy/slurm/sweep.sbatch`,
				`stampede merge "$OUT"/shards/* --out "$OUT/merged"`,
			} {
				if !strings.Contains(sbatch, s) {
					return fmt.Errorf("sweep.sbatch lacks %s", s)
				}
			}
			return nil
		}},
		// Every placeholder of the slurm.conf template is one start.sh fills in.
		{"slurm: start.sh renders every placeholder of slurm.conf", func() error {
			conf, start := readFile(t, "slurm/slurm.conf"), readFile(t, "slurm/start.sh")
			var body strings.Builder
			for l := range strings.Lines(conf) {
				if !strings.HasPrefix(l, "#") {
					body.WriteString(l)
				}
			}
			for _, p := range regexp.MustCompile(`@[A-Z_]+@`).FindAllString(body.String(), -1) {
				if !strings.Contains(start, "s|"+p+"|") {
					return fmt.Errorf("start.sh does not substitute %s", p)
				}
			}
			return nil
		}},
		// The image is built with the Go version the module asks for.
		{"dockerfile: golang builder matches go.mod", func() error {
			m := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindStringSubmatch(goMod)
			if m == nil {
				return fmt.Errorf("no go directive in go.mod")
			}
			if !strings.Contains(dockerfile, "FROM golang:"+m[1]+" AS build") {
				return fmt.Errorf("no FROM golang:%s AS build", m[1])
			}
			return nil
		}},
		// A static binary (no cgo), and the default (last) stage runs it as
		// a non-root user.
		{"dockerfile: static build, non-root final stage", func() error {
			if !strings.Contains(dockerfile, "CGO_ENABLED=0 go build -trimpath -ldflags=-s -o /stampede ./cmd/stampede") {
				return fmt.Errorf("no static go build of ./cmd/stampede")
			}
			stages := strings.Split(dockerfile, "\nFROM ")
			last := stages[len(stages)-1]
			if !regexp.MustCompile(`(?m)^USER 65532`).MatchString(last) {
				return fmt.Errorf("the final stage sets no USER 65532")
			}
			if !strings.Contains(last, `ENTRYPOINT ["/usr/local/bin/stampede"]`) {
				return fmt.Errorf("the final stage's entrypoint is not stampede")
			}
			return nil
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.check(); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestBatchWrapper runs deploy/aws-batch/stampede-batch with a stub stampede
// and checks the command lines it makes.
func TestBatchWrapper(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	dir := t.TempDir()
	stub := filepath.Join(dir, "stampede")
	// The stub prints its arguments, one per line.
	if err := os.WriteFile(stub, []byte("#!/bin/sh\nprintf '%s\\n' \"$@\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	results := filepath.Join(dir, "results")
	for _, i := range []string{"0", "1", "2"} {
		if err := os.MkdirAll(filepath.Join(results, "shards", i), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name  string
		args  []string
		index string // AWS_BATCH_JOB_ARRAY_INDEX; "" leaves it unset
		want  string // the stub's arguments, space-separated; "" expects failure
	}{
		// A child of the array: its shard goes to RESULTS_DIR/shards/INDEX.
		{"sweep adds --out with the index", []string{"sweep", "spike", "--vary", "a=1,2", "--shard", "auto/3"}, "2",
			"sweep spike --vary a=1,2 --shard auto/3 --out " + results + "/shards/2"},
		// A --out of the caller's would send every child to one directory.
		{"sweep refuses --out", []string{"sweep", "spike", "--shard", "auto/3", "--out", "x"}, "2", ""},
		// Outside an array job there is no index to take.
		{"sweep needs an array index", []string{"sweep", "spike", "--shard", "auto/3"}, "", ""},
		// The merge lists every shard directory, in order.
		{"merge lists the shards", []string{"merge"}, "",
			"merge " + results + "/shards/0 " + results + "/shards/1 " + results + "/shards/2 --out " + results + "/merged"},
		// Anything else is stampede's own command line.
		{"other commands pass through", []string{"scenarios"}, "", "scenarios"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(sh, append([]string{"aws-batch/stampede-batch"}, tc.args...)...)
			cmd.Env = append(os.Environ(), "STAMPEDE="+stub, "RESULTS_DIR="+results, "RESULTS_S3=")
			if tc.index != "" {
				cmd.Env = append(cmd.Env, "AWS_BATCH_JOB_ARRAY_INDEX="+tc.index)
			} else {
				cmd.Env = append(cmd.Env, "AWS_BATCH_JOB_ARRAY_INDEX=")
			}
			out, err := cmd.Output()
			if tc.want == "" {
				if err == nil {
					t.Errorf("succeeded with %q, want a failure", out)
				}
				return
			}
			if err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			if got := strings.Join(strings.Fields(string(out)), " "); got != tc.want {
				t.Errorf("ran stampede %s\nwant stampede %s", got, tc.want)
			}
		})
	}
}

// TestScriptsParse checks the shell scripts' syntax (bash -n, sh -n).
func TestScriptsParse(t *testing.T) {
	tests := []struct {
		shell, file string
	}{
		// The Slurm cluster's scripts and the job script users submit.
		{"bash", "slurm/start.sh"},
		{"bash", "slurm/stop.sh"},
		{"bash", "slurm/selftest.sh"},
		{"bash", "slurm/sweep.sbatch"},
		// The AWS Batch wrapper runs under the image's POSIX sh.
		{"sh", "aws-batch/stampede-batch"},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			sh, err := exec.LookPath(tc.shell)
			if err != nil {
				t.Skipf("no %s", tc.shell)
			}
			if out, err := exec.Command(sh, "-n", tc.file).CombinedOutput(); err != nil {
				t.Errorf("%s -n %s: %v\n%s", tc.shell, tc.file, err, out)
			}
		})
	}
}

// shardN finds `--shard auto/N` among args and returns N.
func shardN(args []string) (int, error) {
	v := flagValue(args, "--shard")
	n, ok := strings.CutPrefix(v, "auto/")
	if !ok {
		return 0, fmt.Errorf("no --shard auto/N in %v", args)
	}
	i, err := strconv.Atoi(n)
	if err != nil || i < 1 {
		return 0, fmt.Errorf("--shard %s: N is not a positive integer", v)
	}
	return i, nil
}

// flagValue returns the value of flag in args (`--flag v` or `--flag=v`), or "".
func flagValue(args []string, flag string) string {
	for i, a := range args {
		if a == flag && i+1 < len(args) {
			return args[i+1]
		}
		if v, ok := strings.CutPrefix(a, flag+"="); ok {
			return v
		}
	}
	return ""
}

// mountOf returns the mountPath at which container c of pod spec mounts the
// PersistentVolumeClaim named claim, or "".
func mountOf(pod, c any, claim string) string {
	for _, v := range list(get(pod, "volumes")) {
		if str(v, "persistentVolumeClaim", "claimName") != claim {
			continue
		}
		for _, m := range list(get(c, "volumeMounts")) {
			if str(m, "name") == str(v, "name") {
				return str(m, "mountPath")
			}
		}
	}
	return ""
}

func want[T comparable](got, want T) error {
	if got != want {
		return fmt.Errorf("got %v, want %v", got, want)
	}
	return nil
}

func oneOf(got string, allowed ...string) error {
	if !slices.Contains(allowed, got) {
		return fmt.Errorf("got %q, want one of %q", got, allowed)
	}
	return nil
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func loadJSON(t *testing.T, path string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(readFile(t, path)), &v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return v
}

func loadYAML(t *testing.T, path string) any {
	t.Helper()
	v, err := yamlSubset(readFile(t, path))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return v
}

// get walks a decoded document (maps by string key, lists by int index) and
// returns nil where the path leads nowhere.
func get(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[k]
		case int:
			l, ok := v.([]any)
			if !ok || k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

// str returns the scalar at path as text ("" when absent): a YAML scalar's
// text, a JSON string, or a JSON number or boolean formatted.
func str(v any, path ...any) string {
	switch s := get(v, path...).(type) {
	case scalar:
		return s.text
	case string:
		return s
	case float64:
		return strconv.FormatFloat(s, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(s)
	}
	return ""
}

func strs(v any) []string {
	var out []string
	for i := range list(v) {
		out = append(out, str(v, i))
	}
	return out
}

// integer returns the number at path, or -1.
func integer(v any, path ...any) int {
	i, err := strconv.Atoi(str(v, path...))
	if err != nil {
		return -1
	}
	return i
}

// scalar is a YAML scalar: its text, and whether it was quoted (a quoted
// scalar is always a string; a plain one may be a number or boolean).
type scalar struct {
	text   string
	quoted bool
}

// isString tells whether YAML 1.2's core schema reads the scalar as a string.
func (s scalar) isString() bool {
	if s.quoted {
		return true
	}
	if regexp.MustCompile(`^([-+]?[0-9]+|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|0x[0-9a-fA-F]+|0o[0-7]+|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$`).MatchString(s.text) {
		return false
	}
	switch s.text {
	case "true", "True", "TRUE", "false", "False", "FALSE", "null", "Null", "NULL", "~", "":
		return false
	}
	return true
}

// yamlLine is one meaningful line: its indentation, its text without the
// indentation or a trailing comment, and its 1-based number.
type yamlLine struct {
	indent int
	text   string
	num    int
}

// yamlSubset decodes one YAML document written in block style: mappings
// (map[string]any), sequences ([]any) and scalars (scalar), with comments.
// It rejects what it does not read rather than guess.
func yamlSubset(src string) (any, error) {
	var lines []yamlLine
	num := 0
	for l := range strings.Lines(src) {
		num++
		l = strings.TrimRight(l, "\r\n")
		body := strings.TrimLeft(l, " ")
		if strings.HasPrefix(body, "\t") {
			return nil, fmt.Errorf("line %d: tab in indentation", num)
		}
		body = strings.TrimRight(stripComment(body), " ")
		if body == "" || (body == "---" && len(lines) == 0) {
			continue
		}
		if body == "---" || body == "..." {
			return nil, fmt.Errorf("line %d: only one document is read", num)
		}
		if strings.ContainsAny(body[:1], "|>&*!{%@`") {
			return nil, fmt.Errorf("line %d: %q is outside the subset read here", num, body)
		}
		lines = append(lines, yamlLine{len(l) - len(strings.TrimLeft(l, " ")), body, num})
	}
	if len(lines) == 0 {
		return nil, fmt.Errorf("empty document")
	}
	p := &yamlParser{lines: lines}
	v, err := p.block(lines[0].indent)
	if err == nil && p.i < len(lines) {
		err = fmt.Errorf("line %d: unexpected indentation", lines[p.i].num)
	}
	return v, err
}

// stripComment removes a comment (# at the start or after a space), minding quotes.
func stripComment(s string) string {
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			if i == 0 || s[i-1] == ' ' || s[i-1] == '[' || s[i-1] == ',' {
				quote = c
			}
		case c == '#' && (i == 0 || s[i-1] == ' '):
			return s[:i]
		}
	}
	return s
}

type yamlParser struct {
	lines []yamlLine
	i     int
}

// block reads the mapping or sequence whose lines are indented by indent.
func (p *yamlParser) block(indent int) (any, error) {
	l := p.lines[p.i]
	if l.indent != indent {
		return nil, fmt.Errorf("line %d: unexpected indentation", l.num)
	}
	if l.text == "-" || strings.HasPrefix(l.text, "- ") {
		return p.sequence(indent)
	}
	return p.mapping(indent)
}

func (p *yamlParser) sequence(indent int) (any, error) {
	out := []any{}
	for p.i < len(p.lines) {
		l := p.lines[p.i]
		isItem := l.text == "-" || strings.HasPrefix(l.text, "- ")
		if l.indent < indent || (l.indent == indent && !isItem) {
			break // the parent's next key
		}
		if l.indent > indent {
			return nil, fmt.Errorf("line %d: unexpected indentation", l.num)
		}
		rest := strings.TrimLeft(strings.TrimPrefix(l.text, "-"), " ")
		switch {
		case rest == "":
			p.i++
			if p.i >= len(p.lines) || p.lines[p.i].indent <= indent {
				out = append(out, nil)
				continue
			}
			v, err := p.block(p.lines[p.i].indent)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		case mappingKey(rest) >= 0:
			// "- key: value" opens a mapping whose keys align with "key".
			col := indent + len(l.text) - len(rest)
			p.lines[p.i] = yamlLine{col, rest, l.num}
			v, err := p.mapping(col)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		default:
			v, err := parseScalar(rest, l.num)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
			p.i++
		}
	}
	return out, nil
}

func (p *yamlParser) mapping(indent int) (any, error) {
	out := map[string]any{}
	for p.i < len(p.lines) {
		l := p.lines[p.i]
		if l.indent < indent {
			break
		}
		if l.indent > indent {
			return nil, fmt.Errorf("line %d: unexpected indentation", l.num)
		}
		if strings.HasPrefix(l.text, "- ") || l.text == "-" {
			break
		}
		c := mappingKey(l.text)
		if c < 0 {
			return nil, fmt.Errorf("line %d: expected key: value, got %q", l.num, l.text)
		}
		key, err := parseScalar(l.text[:c], l.num)
		if err != nil {
			return nil, err
		}
		k := key.(scalar).text
		if _, dup := out[k]; dup {
			return nil, fmt.Errorf("line %d: key %q repeated", l.num, k)
		}
		rest := strings.TrimLeft(l.text[c+1:], " ")
		p.i++
		if rest != "" {
			if out[k], err = parseScalar(rest, l.num); err != nil {
				return nil, err
			}
			continue
		}
		// The value is the block below: deeper, or a sequence at the same
		// indentation ("key:\n- item").
		if p.i < len(p.lines) {
			next := p.lines[p.i]
			isItem := next.text == "-" || strings.HasPrefix(next.text, "- ")
			if next.indent > indent || (next.indent == indent && isItem) {
				if out[k], err = p.block(next.indent); err != nil {
					return nil, err
				}
				continue
			}
		}
		out[k] = nil
	}
	return out, nil
}

// mappingKey returns the index of the colon that ends a mapping key in s
// (followed by a space or the end), outside quotes, or -1.
func mappingKey(s string) int {
	if s == "" {
		return -1
	}
	i := 0
	if s[0] == '"' || s[0] == '\'' {
		end := strings.IndexByte(s[1:], s[0])
		if end < 0 {
			return -1
		}
		i = end + 2
	}
	for ; i < len(s); i++ {
		if s[i] == ':' && (i+1 == len(s) || s[i+1] == ' ') {
			return i
		}
	}
	return -1
}

// parseScalar reads a plain, single- or double-quoted scalar, or a flow
// sequence of such scalars ([a, "b"]).
func parseScalar(s string, num int) (any, error) {
	s = strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(s, "["):
		if !strings.HasSuffix(s, "]") {
			return nil, fmt.Errorf("line %d: unterminated flow sequence", num)
		}
		out := []any{}
		inner := strings.TrimSpace(s[1 : len(s)-1])
		if inner == "" {
			return out, nil
		}
		for _, item := range strings.Split(inner, ",") {
			if strings.ContainsAny(item, "[]{}") {
				return nil, fmt.Errorf("line %d: nested flow collections are outside the subset", num)
			}
			v, err := parseScalar(item, num)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case strings.HasPrefix(s, `"`):
		v, err := strconv.Unquote(s)
		if err != nil {
			return nil, fmt.Errorf("line %d: bad double-quoted scalar %s", num, s)
		}
		return scalar{v, true}, nil
	case strings.HasPrefix(s, "'"):
		if len(s) < 2 || !strings.HasSuffix(s, "'") {
			return nil, fmt.Errorf("line %d: bad single-quoted scalar %s", num, s)
		}
		return scalar{strings.ReplaceAll(s[1:len(s)-1], "''", "'"), true}, nil
	case strings.ContainsAny(s[:1], "{&*!|>%@`"):
		return nil, fmt.Errorf("line %d: %q is outside the subset read here", num, s)
	}
	return scalar{s, false}, nil
}

// TestYAMLSubset checks the reader on the constructs the manifests use, and
// that it refuses the ones it does not read.
func TestYAMLSubset(t *testing.T) {
	doc := `# comment
a: 1
b:
  c: "x # not a comment"   # a comment
  d: 'it''s'
e:
  - f: 1
    g:
      - h
      - "5"
  - plain text: with colon
- misplaced
`
	if _, err := yamlSubset(doc); err == nil {
		t.Errorf("a sequence item after a mapping at the same level was accepted")
	}
	good := strings.TrimSuffix(doc, "- misplaced\n") + "i:\n- j\n- [k, 'l']\n"
	v, err := yamlSubset(good)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path []any
		want string
	}{
		// A plain scalar.
		{[]any{"a"}, "1"},
		// A # inside quotes is text; the comment after it is dropped.
		{[]any{"b", "c"}, "x # not a comment"},
		// '' is a quote inside single quotes.
		{[]any{"b", "d"}, "it's"},
		// A "- key: value" item is a mapping, with nested blocks below.
		{[]any{"e", 0, "f"}, "1"},
		{[]any{"e", 0, "g", 1}, "5"},
		// A key may hold spaces; a value may hold ": "-free colons.
		{[]any{"e", 1, "plain text"}, "with colon"},
		// A sequence at the key's own indentation, and a flow sequence.
		{[]any{"i", 0}, "j"},
		{[]any{"i", 1, 1}, "l"},
	}
	for _, tc := range tests {
		if got := str(v, tc.path...); got != tc.want {
			t.Errorf("%v: got %q, want %q", tc.path, got, tc.want)
		}
	}
	// Typed scalars: the quoted "5" is a string, the plain 1 is not.
	if s := get(v, "e", 0, "g", 1).(scalar); !s.isString() {
		t.Errorf(`"5" is not a string`)
	}
	if s := get(v, "a").(scalar); s.isString() {
		t.Errorf("1 is a string")
	}
	for _, bad := range []string{"a: |\n  x\n", "a: &x 1\n", "a: {b: 1}\n", "a:\n\tb: 1\n", "a: 1\n---\nb: 2\n", "a: 1\na: 2\n"} {
		if _, err := yamlSubset(bad); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}
