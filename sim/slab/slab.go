// Package slab owns the free-list allocation shared by the models' record
// slices (environments, connections, CPU jobs, messages, batches): records
// live in one slice, are named by index, and freed indices are reused, so a
// run allocates only while its peak number of records grows.
package slab

// Alloc returns the index of a record of *items to use: the last index put
// on *free if any (the record keeps its old contents), else a new zero
// record appended to *items. Freeing is `*free = append(*free, i)`.
func Alloc[T any](items *[]T, free *[]int32) int32 {
	if n := len(*free); n > 0 {
		i := (*free)[n-1]
		*free = (*free)[:n-1]
		return i
	}
	var zero T
	*items = append(*items, zero)
	return int32(len(*items) - 1)
}
