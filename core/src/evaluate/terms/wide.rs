//! Exact unsigned integers of 256 bits, for the `fairness` term's sums of
//! squares when they leave 128 bits (shares up to 2^53 make them reach
//! about 2^245). Only what the term needs: sum, product of two `u128`,
//! product by a `u64`, and floor division.

use std::cmp::Ordering;

/// An unsigned 256-bit integer, least significant limb first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct U256([u64; 4]);

impl U256 {
    pub(crate) const ZERO: U256 = U256([0; 4]);

    pub(crate) fn from_u128(x: u128) -> U256 {
        U256([x as u64, (x >> 64) as u64, 0, 0])
    }

    /// `a * b`, exact.
    pub(crate) fn product(a: u128, b: u128) -> U256 {
        let (a0, a1) = (a as u64 as u128, a >> 64);
        let (b0, b1) = (b as u64 as u128, b >> 64);
        let mut out = U256::from_u128(a0 * b0);
        out = out.add(&U256::from_u128(a0 * b1).shl64(1));
        out = out.add(&U256::from_u128(a1 * b0).shl64(1));
        out.add(&U256::from_u128(a1 * b1).shl64(2))
    }

    /// Shifted left by `limbs` limbs of 64 bits (bits beyond 256 are lost).
    fn shl64(self, limbs: usize) -> U256 {
        let mut out = [0u64; 4];
        out[limbs..4].copy_from_slice(&self.0[..(4 - limbs)]);
        U256(out)
    }

    /// `self + other` (wrapping beyond 256 bits, which the term never reaches).
    pub(crate) fn add(&self, other: &U256) -> U256 {
        let mut out = [0u64; 4];
        let mut carry = 0u128;
        for (i, limb) in out.iter_mut().enumerate() {
            let sum = u128::from(self.0[i]) + u128::from(other.0[i]) + carry;
            *limb = sum as u64;
            carry = sum >> 64;
        }
        U256(out)
    }

    /// `self * k` (wrapping beyond 256 bits, which the term never reaches).
    pub(crate) fn mul_u64(&self, k: u64) -> U256 {
        let mut out = [0u64; 4];
        let mut carry = 0u128;
        for (i, limb) in out.iter_mut().enumerate() {
            let p = u128::from(self.0[i]) * u128::from(k) + carry;
            *limb = p as u64;
            carry = p >> 64;
        }
        U256(out)
    }

    fn sub(&self, other: &U256) -> U256 {
        let mut out = [0u64; 4];
        let mut borrow = false;
        for (i, limb) in out.iter_mut().enumerate() {
            let (d, b1) = self.0[i].overflowing_sub(other.0[i]);
            let (d, b2) = d.overflowing_sub(u64::from(borrow));
            *limb = d;
            borrow = b1 || b2;
        }
        U256(out)
    }

    fn bit(&self, i: usize) -> bool {
        self.0[i / 64] >> (i % 64) & 1 == 1
    }

    fn shl1_with(&self, low: bool) -> U256 {
        let mut out = [0u64; 4];
        let mut carry = u64::from(low);
        for (i, limb) in out.iter_mut().enumerate() {
            *limb = (self.0[i] << 1) | carry;
            carry = self.0[i] >> 63;
        }
        U256(out)
    }

    /// `floor(self / divisor)`, saturated to `i64::MAX`; 0 for a zero divisor.
    pub(crate) fn div_to_i64(&self, divisor: &U256) -> i64 {
        if *divisor == U256::ZERO {
            return 0;
        }
        let mut quotient = U256::ZERO;
        let mut rest = U256::ZERO;
        for i in (0..256).rev() {
            rest = rest.shl1_with(self.bit(i));
            quotient = quotient.shl1_with(false);
            if rest.cmp(divisor) != Ordering::Less {
                rest = rest.sub(divisor);
                quotient.0[0] |= 1;
            }
        }
        if quotient.0[1..].iter().any(|&l| l != 0) || quotient.0[0] > i64::MAX as u64 {
            i64::MAX
        } else {
            quotient.0[0] as i64
        }
    }
}

impl PartialOrd for U256 {
    fn partial_cmp(&self, other: &U256) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for U256 {
    fn cmp(&self, other: &U256) -> Ordering {
        self.0.iter().rev().cmp(other.0.iter().rev())
    }
}

#[cfg(test)]
mod tests {
    use super::U256;

    #[test]
    fn agrees_with_u128_where_it_fits() {
        let cases: [(u128, u128, u64, u128); 4] = [
            (0, 5, 3, 7),
            (12345, 67890, 10, 3600 * 900),
            (u64::MAX as u128, 3, 7, 11),
            (1 << 60, 1 << 40, 1, 1 << 90),
        ];
        for (a, b, k, d) in cases {
            let exact = (a * b * u128::from(k)) / d;
            let wide = U256::product(a, b).mul_u64(k).div_to_i64(&U256::from_u128(d));
            assert_eq!(wide as u128, exact.min(i64::MAX as u128), "{a} * {b} * {k} / {d}");
        }
    }

    #[test]
    fn exact_beyond_128_bits() {
        // (2^100)^2 * 10 / (2^150) = 10 * 2^50.
        let square = U256::product(1 << 100, 1 << 100);
        let divisor = U256::product(1 << 75, 1 << 75);
        assert_eq!(square.mul_u64(10).div_to_i64(&divisor), 10 << 50);
        // A quotient beyond 64 bits saturates.
        assert_eq!(square.div_to_i64(&U256::from_u128(1)), i64::MAX);
        assert_eq!(square.add(&square).div_to_i64(&square), 2);
        assert_eq!(square.div_to_i64(&U256::ZERO), 0);
    }
}
