package sim

// SetRank moves the next key rank, so tests reach the 32-bit renumbering
// without scheduling 2³² events.
func SetRank(s *Sim, r uint32) { s.rank = r }
