package slab

import "testing"

// New records are appended zeroed; freed ones come back last in, first out,
// with their contents.
func TestAlloc(t *testing.T) {
	var items []int
	var free []int32
	for want := int32(0); want < 3; want++ {
		if i := Alloc(&items, &free); i != want || items[i] != 0 {
			t.Fatalf("new record %d (%d), want %d zeroed", i, items[i], want)
		}
		items[want] = int(want) + 10
	}
	free = append(free, 0, 2)
	for _, want := range []int32{2, 0} {
		if i := Alloc(&items, &free); i != want || items[i] != int(want)+10 {
			t.Errorf("reused %d (%d), want %d with its contents", i, items[i], want)
		}
	}
	if i := Alloc(&items, &free); i != 3 || len(items) != 4 {
		t.Errorf("after the free list: %d, %d records; want 3, 4", i, len(items))
	}
}
