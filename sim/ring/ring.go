// Package ring owns a FIFO queue on a growable circular buffer, the shape of
// every waiting line in stampede's models: no allocation once it has grown
// to its working size.
package ring

// Ring is a double-ended queue; the zero value is empty and ready.
type Ring[T any] struct {
	buf        []T
	head, size int
}

// Len is the number of elements.
func (r *Ring[T]) Len() int { return r.size }

// Push appends v at the back.
func (r *Ring[T]) Push(v T) {
	if r.size == len(r.buf) {
		nb := make([]T, max(16, 2*len(r.buf)))
		for i := range r.size {
			nb[i] = r.buf[(r.head+i)%len(r.buf)]
		}
		r.buf, r.head = nb, 0
	}
	r.buf[(r.head+r.size)%len(r.buf)] = v
	r.size++
}

// At points at the i-th element from the front (0 ≤ i < Len).
func (r *Ring[T]) At(i int) *T { return &r.buf[(r.head+i)%len(r.buf)] }

// Front points at the first element (Len > 0).
func (r *Ring[T]) Front() *T { return r.At(0) }

// Back points at the last element (Len > 0).
func (r *Ring[T]) Back() *T { return r.At(r.size - 1) }

// Pop removes and returns the first element (Len > 0).
func (r *Ring[T]) Pop() T {
	v := r.buf[r.head]
	var zero T
	r.buf[r.head] = zero // drop references
	r.head = (r.head + 1) % len(r.buf)
	r.size--
	return v
}

// PopBack removes and returns the last element (Len > 0).
func (r *Ring[T]) PopBack() T {
	i := (r.head + r.size - 1) % len(r.buf)
	v := r.buf[i]
	var zero T
	r.buf[i] = zero
	r.size--
	return v
}
