//! Helpers for unit tests.

/// A fixed pseudo-random sequence (a linear congruential generator): the
/// same numbers on every run, so a test that draws its cases from it checks
/// the same cases each time.
pub struct Sequence(u64);

impl Sequence {
    pub fn new(seed: u64) -> Sequence {
        Sequence(seed)
    }

    /// The next number, below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize % n
    }
}
